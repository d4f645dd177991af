/*
 * jitguard's compile server: one NVRTC, set up once, then forked into compile processes.
 *
 * NVRTC compiles one program at a time per process, so a matrix compiles in parallel only across
 * processes. This program loads NVRTC once (a library that cannot be loaded fails the start, not
 * every compile) and forks its workers, which need no JVM each; every worker then compiles a small
 * warm-up program before its first request, all of them at once, while jitguard still plans.
 *
 * Nothing may compile in this process before the fork. NVRTC's first compile in a process also sets
 * up NVRTC's own cache of compiled programs ("[nvrtc cache]", in the CUDA driver's compute cache:
 * it loads libcuda.so.1 and calls cuInit), and a CUDA driver set up before fork() cannot be used in
 * the child: workers forked after a warm-up compile here compiled every program from scratch, 1.3 s
 * for a decode unit where a process of its own took 0.1 s from that cache (the device machine,
 * NVRTC 13.0, 2026-12-07).
 *
 * Usage: jitguard-compile-server LIBNVRTC WORKERS [WARM-UP OPTION...]
 *
 * Protocol on stdin and stdout, integers big-endian (as Java's DataOutputStream writes them):
 *   server -> jitguard: READY, then the number of workers; or FAILED and a string (the reason)
 *   jitguard -> server: int id, int length, then a program of that length, as CompileWorker writes it
 *   server -> jitguard: int id, int length, then the answer, as CompileWorker writes it (OK or ERROR ...)
 * A string is an int length (-1: none) and that many bytes of UTF-8. Requests are answered as
 * workers finish them, in any order, by id. The server ends when its stdin does. Between the server
 * and a worker, the worker's first word is WARM: it is set up, and only then is it sent requests;
 * after WARM_UP_DEATHS workers have died before that, the server ends (exit code 4), and jitguard
 * compiles what it had sent elsewhere.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READY 0x4A475752  /* "JGWR", as CompileWorker.READY */
#define FAILED 0x4A475746 /* "JGWF" */
#define ANSWER_OK 1
#define ANSWER_ERROR 2
#define NVRTC_SUCCESS 0
#define MAX_WORKERS 64
#define MAX_NAMES 4096
#define MAX_OPTIONS 4096
#define WARM (-2)             /* worker -> server in place of an answer's length: NVRTC is set up */
#define WARM_UP_DEATHS 3      /* workers dying before they are set up, after which the server gives up */

/* ---------------------------------------------------------------- NVRTC, through dlsym */

typedef struct _nvrtcProgram* nvrtcProgram;
static int (*create_program)(nvrtcProgram*, const char*, const char*, int, const char* const*, const char* const*);
static int (*destroy_program)(nvrtcProgram*);
static int (*add_name)(nvrtcProgram, const char*);
static int (*compile_program)(nvrtcProgram, int, const char* const*);
static int (*log_size)(nvrtcProgram, size_t*);
static int (*get_log)(nvrtcProgram, char*);
static int (*cubin_size)(nvrtcProgram, size_t*);
static int (*get_cubin)(nvrtcProgram, char*);
static int (*ptx_size)(nvrtcProgram, size_t*);
static int (*get_ptx)(nvrtcProgram, char*);
static int (*lowered_name)(nvrtcProgram, const char*, const char**);
static const char* (*error_string)(int);
static int (*set_flow_callback)(nvrtcProgram, int (*)(void*, void*), void*); /* NVRTC 13 on; else NULL */

static int load_nvrtc(const char* path, char* why, size_t why_size) {
  void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(why, why_size, "cannot load %s: %s", path, dlerror());
    return 0;
  }
#define SYM(var, name)                                                       \
  if (!(*(void**)&var = dlsym(lib, name))) {                                 \
    snprintf(why, why_size, "%s has no %s", path, name);                     \
    return 0;                                                                \
  }
  SYM(create_program, "nvrtcCreateProgram");
  SYM(destroy_program, "nvrtcDestroyProgram");
  SYM(add_name, "nvrtcAddNameExpression");
  SYM(compile_program, "nvrtcCompileProgram");
  SYM(log_size, "nvrtcGetProgramLogSize");
  SYM(get_log, "nvrtcGetProgramLog");
  SYM(cubin_size, "nvrtcGetCUBINSize");
  SYM(get_cubin, "nvrtcGetCUBIN");
  SYM(ptx_size, "nvrtcGetPTXSize");
  SYM(get_ptx, "nvrtcGetPTX");
  SYM(lowered_name, "nvrtcGetLoweredName");
  SYM(error_string, "nvrtcGetErrorString");
#undef SYM
  *(void**)&set_flow_callback = dlsym(lib, "nvrtcSetFlowCallback");
  return 1;
}

/* ---------------------------------------------------------------- bytes in and out */

typedef struct {
  char* data;
  size_t size;
  size_t capacity;
} Buffer;

static void reserve(Buffer* b, size_t more) {
  if (b->size + more <= b->capacity) return;
  size_t cap = b->capacity ? b->capacity : 4096;
  while (cap < b->size + more) cap *= 2;
  char* p = realloc(b->data, cap);
  if (!p) {
    fprintf(stderr, "jitguard-compile-server: out of memory\n");
    _exit(3);
  }
  b->data = p;
  b->capacity = cap;
}

static void put_bytes(Buffer* b, const void* p, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->size, p, n);
  b->size += n;
}

static void put_int(Buffer* b, int32_t v) {
  uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  put_bytes(b, x, 4);
}

static void put_long(Buffer* b, int64_t v) {
  put_int(b, (int32_t)(v >> 32));
  put_int(b, (int32_t)v);
}

/* a string (or bytes) of the protocol; NULL is written as length -1 */
static void put_blob(Buffer* b, const char* p, size_t n) {
  if (!p) {
    put_int(b, -1);
    return;
  }
  put_int(b, (int32_t)n);
  put_bytes(b, p, n);
}

static void put_string(Buffer* b, const char* s) { put_blob(b, s, s ? strlen(s) : 0); }

static int read_fully(int fd, void* p, size_t n) {
  char* c = p;
  while (n > 0) {
    ssize_t r = read(fd, c, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    c += r;
    n -= (size_t)r;
  }
  return 1;
}

static int write_fully(int fd, const void* p, size_t n) {
  const char* c = p;
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return 0;
    c += w;
    n -= (size_t)w;
  }
  return 1;
}

static int32_t get_int_at(const char* p) {
  const uint8_t* u = (const uint8_t*)p;
  return (int32_t)((uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3]);
}

/* A cursor over a received frame; any read past its end marks it bad. */
typedef struct {
  const char* p;
  size_t left;
  int bad;
} Reader;

static int32_t take_int(Reader* r) {
  if (r->left < 4) {
    r->bad = 1;
    return 0;
  }
  int32_t v = get_int_at(r->p);
  r->p += 4;
  r->left -= 4;
  return v;
}

/* a string as a fresh NUL-terminated copy (NULL for none or a bad frame) */
static char* take_string(Reader* r) {
  int32_t n = take_int(r);
  if (r->bad || n < 0 || (size_t)n > r->left) {
    r->bad = 1;
    return NULL;
  }
  char* s = malloc((size_t)n + 1);
  memcpy(s, r->p, (size_t)n);
  s[n] = 0;
  r->p += n;
  r->left -= (size_t)n;
  return s;
}

/* ---------------------------------------------------------------- one compile */

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static double deadline_ns;
static int past_deadline(void* payload, void* reserved) {
  (void)payload;
  (void)reserved;
  return deadline_ns > 0 && now_ns() > deadline_ns ? 1 : 0;
}

static const char* status_name(int status) {
  const char* s = error_string ? error_string(status) : NULL;
  return s ? s : "NVRTC status";
}

static void answer_error(Buffer* out, const char* call, int status, const char* log) {
  put_int(out, ANSWER_ERROR);
  put_string(out, call);
  put_int(out, status);
  put_string(out, status_name(status));
  put_string(out, log ? log : "");
}

static char* program_log(nvrtcProgram prog) {
  size_t n = 0;
  if (log_size(prog, &n) != NVRTC_SUCCESS || n <= 1) return strdup("");
  char* s = malloc(n);
  if (get_log(prog, s) != NVRTC_SUCCESS) {
    free(s);
    return strdup("");
  }
  s[n - 1] = 0;
  return s;
}

static void compile_program_into(const char* name, const char* source, int num_options, char** options,
                                 int num_names, char** names, int want_ptx, int64_t timeout_ms, Buffer* out);

/* Compiles the program in `frame` as Nvrtc.compile does, and writes its answer into `out`. */
static void compile_frame(const char* frame, size_t size, Buffer* out) {
  Reader r = {frame, size, 0};
  char* name = take_string(&r);
  char* source = take_string(&r);
  int32_t num_options = take_int(&r);
  if (r.bad || num_options < 0 || num_options > MAX_OPTIONS) {
    answer_error(out, "compile server: a malformed program", -1, "");
    return;
  }
  char** options = calloc((size_t)num_options + 1, sizeof(char*));
  for (int i = 0; i < num_options; i++) options[i] = take_string(&r);
  int32_t num_names = take_int(&r);
  if (r.bad || num_names < 0 || num_names > MAX_NAMES) {
    answer_error(out, "compile server: a malformed program", -1, "");
    return;
  }
  char** names = calloc((size_t)num_names + 1, sizeof(char*));
  for (int i = 0; i < num_names; i++) names[i] = take_string(&r);
  int want_ptx = 0;
  if (r.left >= 1) {
    want_ptx = r.p[0] != 0;
    r.p++;
    r.left--;
  } else {
    r.bad = 1;
  }
  int64_t timeout_high = take_int(&r);
  int64_t timeout_ms = (timeout_high << 32) | (uint32_t)take_int(&r);
  if (r.bad || !name || !source) {
    answer_error(out, "compile server: a malformed program", -1, "");
    return;
  }

  compile_program_into(name, source, num_options, options, num_names, names, want_ptx, timeout_ms, out);
  for (int i = 0; i < num_options; i++) free(options[i]);
  for (int i = 0; i < num_names; i++) free(names[i]);
  free(options);
  free(names);
  free(name);
  free(source);
}

static void compile_program_into(const char* name, const char* source, int num_options, char** options,
                                 int num_names, char** names, int want_ptx, int64_t timeout_ms, Buffer* out) {
  char call[4096];
  nvrtcProgram prog = NULL;
  int status = create_program(&prog, source, name, 0, NULL, NULL);
  if (status != NVRTC_SUCCESS) {
    answer_error(out, "nvrtcCreateProgram", status, "");
    return;
  }
  for (int i = 0; i < num_names; i++) {
    status = add_name(prog, names[i]);
    if (status != NVRTC_SUCCESS) {
      snprintf(call, sizeof call, "nvrtcAddNameExpression(%s)", names[i]);
      answer_error(out, call, status, "");
      destroy_program(&prog);
      return;
    }
  }
  deadline_ns = 0;
  if (timeout_ms > 0 && set_flow_callback) {
    double start = now_ns();
    deadline_ns = start + (double)timeout_ms * 1e6;
    status = set_flow_callback(prog, past_deadline, NULL);
    if (status != NVRTC_SUCCESS) {
      answer_error(out, "nvrtcSetFlowCallback", status, "");
      destroy_program(&prog);
      return;
    }
  }
  double start = now_ns();
  status = compile_program(prog, num_options, (const char* const*)options);
  int64_t nanos = (int64_t)(now_ns() - start);
  char* log = program_log(prog);
  snprintf(call, sizeof call, "nvrtcCompileProgram(%s)", name);
  if (status != NVRTC_SUCCESS && strcmp(status_name(status), "NVRTC_ERROR_CANCELLED") == 0) { /* the flow callback */
    Buffer why = {0};
    char head[256];
    snprintf(head, sizeof head, "cancelled: the compile took longer than its limit of %lld ms (--timeout)\n",
             (long long)timeout_ms);
    put_bytes(&why, head, strlen(head));
    put_bytes(&why, log, strlen(log) + 1);
    put_int(out, ANSWER_ERROR);
    put_string(out, call);
    put_int(out, status);
    put_string(out, "NVRTC_ERROR_CANCELLED");
    put_string(out, why.data);
    free(why.data);
    free(log);
    destroy_program(&prog);
    return;
  }
  if (status != NVRTC_SUCCESS) {
    answer_error(out, call, status, log);
    free(log);
    destroy_program(&prog);
    return;
  }
  const char** lowered = calloc((size_t)num_names + 1, sizeof(char*));
  for (int i = 0; i < num_names; i++) {
    status = lowered_name(prog, names[i], &lowered[i]);
    if (status != NVRTC_SUCCESS) {
      snprintf(call, sizeof call, "nvrtcGetLoweredName(%s)", names[i]);
      answer_error(out, call, status, log);
      free(log);
      destroy_program(&prog);
      return;
    }
  }
  size_t cubin_bytes = 0;
  status = cubin_size(prog, &cubin_bytes);
  char* cubin = status == NVRTC_SUCCESS ? malloc(cubin_bytes ? cubin_bytes : 1) : NULL;
  if (status != NVRTC_SUCCESS || get_cubin(prog, cubin) != NVRTC_SUCCESS) {
    answer_error(out, status != NVRTC_SUCCESS ? "nvrtcGetCUBINSize" : "nvrtcGetCUBIN",
                 status != NVRTC_SUCCESS ? status : -1, "");
    free(cubin);
    free(log);
    destroy_program(&prog);
    return;
  }
  char* ptx = NULL;
  size_t ptx_bytes = 0;
  if (want_ptx) {
    status = ptx_size(prog, &ptx_bytes);
    ptx = status == NVRTC_SUCCESS ? malloc(ptx_bytes ? ptx_bytes : 1) : NULL;
    if (status != NVRTC_SUCCESS || get_ptx(prog, ptx) != NVRTC_SUCCESS) {
      answer_error(out, status != NVRTC_SUCCESS ? "nvrtcGetPTXSize" : "nvrtcGetPTX", status != NVRTC_SUCCESS ? status : -1,
                   "");
      free(ptx);
      free(cubin);
      free(log);
      destroy_program(&prog);
      return;
    }
    while (ptx_bytes > 0 && ptx[ptx_bytes - 1] == 0) ptx_bytes--; /* as Nvrtc.ptx: no trailing NULs */
  }
  put_int(out, ANSWER_OK);
  put_string(out, log);
  put_long(out, nanos);
  put_blob(out, cubin, cubin_bytes);
  put_blob(out, ptx, ptx_bytes);
  put_int(out, num_names);
  for (int i = 0; i < num_names; i++) {
    put_string(out, names[i]);
    put_string(out, lowered[i]);
  }
  free(ptx);
  free(cubin);
  free(log);
  destroy_program(&prog); /* the lowered names belong to the program: written above, before this */
}

/* ---------------------------------------------------------------- workers */

typedef struct {
  pid_t pid;
  int requests; /* the server writes requests here */
  int answers;  /* and reads answers here */
  int busy;
  int warm;     /* it has set NVRTC up (its warm-up compile): only then is it sent requests */
  int32_t id;   /* the request in flight */
} Worker;

/* A worker's loop: a request (int length, program) in, an answer (int length, answer) out. */
/* The options of the warm-up compile each worker does first (the run's own, so its headers are read). */
static int warm_up_count;
static char** warm_up_options;

/*
 * NVRTC's first compile in a process sets NVRTC up (its cache, the driver under it): in the worker
 * itself, never in the server before the fork (see the top of this file). The outcome does not matter.
 */
static void warm_up(void) {
  /* for the tests of a worker that dies setting NVRTC up (CompileServerTest): a crash, as NVRTC's would be */
  const char* fault = getenv("JITGUARD_COMPILE_SERVER_FAULT");
  if (fault && strcmp(fault, "warm-up") == 0) abort();
  static const char* source = "#include <cuda_fp16.h>\n#include <cuda_bf16.h>\n"
                              "__global__ void jitguard_warm_up(__nv_bfloat16* x) { x[threadIdx.x] = x[0] * x[1]; }\n";
  nvrtcProgram prog = NULL;
  if (create_program(&prog, source, "jitguard_warm_up.cu", 0, NULL, NULL) == NVRTC_SUCCESS) {
    compile_program(prog, warm_up_count, (const char* const*)warm_up_options);
    destroy_program(&prog);
  }
}

static void serve(int requests, int answers) {
  warm_up();
  Buffer warm = {0};
  put_int(&warm, WARM);
  if (!write_fully(answers, warm.data, warm.size)) _exit(0); /* the server is gone */
  free(warm.data);
  Buffer frame = {0};
  Buffer out = {0};
  for (;;) {
    char len_bytes[4];
    if (!read_fully(requests, len_bytes, 4)) _exit(0); /* the server closed our pipe: done */
    int32_t n = get_int_at(len_bytes);
    if (n < 0) _exit(2);
    frame.size = 0;
    reserve(&frame, (size_t)n + 1);
    if (!read_fully(requests, frame.data, (size_t)n)) _exit(2);
    out.size = 0;
    put_int(&out, 0); /* the length, filled in below */
    compile_frame(frame.data, (size_t)n, &out);
    int32_t body = (int32_t)(out.size - 4);
    out.data[0] = (char)(body >> 24);
    out.data[1] = (char)(body >> 16);
    out.data[2] = (char)(body >> 8);
    out.data[3] = (char)body;
    if (!write_fully(answers, out.data, out.size)) _exit(2);
  }
}

static Worker* all_workers;
static int all_count;

static int start_worker(Worker* w) {
  int to_worker[2];
  int from_worker[2];
  if (pipe(to_worker) != 0) return 0;
  if (pipe(from_worker) != 0) {
    close(to_worker[0]);
    close(to_worker[1]);
    return 0;
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(to_worker[0]);
    close(to_worker[1]);
    close(from_worker[0]);
    close(from_worker[1]);
    return 0;
  }
  if (pid == 0) {
    close(to_worker[1]);
    close(from_worker[0]);
    for (int i = 0; i < all_count; i++) { /* the other workers' pipes: theirs alone, or they never see EOF */
      if (&all_workers[i] != w && all_workers[i].pid > 0) {
        close(all_workers[i].requests);
        close(all_workers[i].answers);
      }
    }
    close(0); /* only the server speaks to jitguard */
    int devnull = dup2(2, 1); /* anything NVRTC prints goes to stderr, never into the protocol */
    (void)devnull;
    serve(to_worker[0], from_worker[1]);
    _exit(0);
  }
  close(to_worker[0]);
  close(from_worker[1]);
  w->pid = pid;
  w->requests = to_worker[1];
  w->answers = from_worker[0];
  w->busy = 0;
  w->warm = 0;
  return 1;
}

/* ---------------------------------------------------------------- the server */

typedef struct Request {
  int32_t id;
  char* frame; /* int length + program, as a worker reads it */
  size_t size;
  struct Request* next;
} Request;

static Request* queue_head;
static Request* queue_tail;

static void send_to_worker(Worker* w, Request* q) {
  w->busy = 1;
  w->id = q->id;
  if (!write_fully(w->requests, q->frame, q->size)) w->busy = 2; /* reported when its answer pipe ends */
  free(q->frame);
  free(q);
}

static void forward_answer(int32_t id, const char* frame, size_t size) {
  Buffer out = {0};
  put_int(&out, id);
  put_int(&out, (int32_t)size);
  put_bytes(&out, frame, size);
  if (!write_fully(1, out.data, out.size)) _exit(0); /* jitguard is gone */
  free(out.data);
}

static void fail_startup(const char* why) {
  Buffer out = {0};
  put_int(&out, FAILED);
  put_string(&out, why);
  write_fully(1, out.data, out.size);
  exit(1);
}

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc < 3) {
    fprintf(stderr, "usage: %s LIBNVRTC WORKERS [WARM-UP OPTION...]\n", argv[0]);
    return 2;
  }
  char why[1024];
  if (!load_nvrtc(argv[1], why, sizeof why)) fail_startup(why);
  int count = atoi(argv[2]);
  if (count < 1 || count > MAX_WORKERS) fail_startup("the number of workers must be 1 to 64");

  warm_up_count = argc - 3;
  warm_up_options = argv + 3;

  static Worker workers[MAX_WORKERS];
  all_workers = workers;
  all_count = count;
  for (int i = 0; i < count; i++) {
    if (!start_worker(&workers[i])) fail_startup("cannot start a compile worker (fork or pipe failed)");
  }
  Buffer hello = {0};
  put_int(&hello, READY);
  put_int(&hello, count);
  if (!write_fully(1, hello.data, hello.size)) return 0;
  free(hello.data);

  Buffer in = {0}; /* bytes from jitguard not yet a whole request */
  int stdin_open = 1;
  int warm_up_deaths = 0;
  struct pollfd fds[MAX_WORKERS + 1];
  for (;;) {
    int busy = 0;
    for (int i = 0; i < count; i++) busy += workers[i].busy != 0;
    if (!stdin_open && busy == 0 && !queue_head) break;
    int n = 0;
    if (stdin_open) {
      fds[n].fd = 0;
      fds[n].events = POLLIN;
      n++;
    }
    for (int i = 0; i < count; i++) {
      fds[n].fd = workers[i].answers;
      fds[n].events = POLLIN;
      n++;
    }
    if (poll(fds, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      return 3;
    }
    int k = 0;
    if (stdin_open) {
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        reserve(&in, 1 << 16);
        ssize_t r = read(0, in.data + in.size, in.capacity - in.size);
        if (r <= 0 && !(r < 0 && errno == EINTR)) {
          stdin_open = 0;
        } else if (r > 0) {
          in.size += (size_t)r;
          size_t used = 0;
          while (in.size - used >= 8) { /* whole requests: id, length, program */
            int32_t id = get_int_at(in.data + used);
            int32_t len = get_int_at(in.data + used + 4);
            if (len < 0) return 2;
            if (in.size - used - 8 < (size_t)len) break;
            Request* q = malloc(sizeof(Request));
            q->id = id;
            q->size = (size_t)len + 4;
            q->frame = malloc(q->size);
            memcpy(q->frame, in.data + used + 4, q->size); /* the length and the program */
            q->next = NULL;
            if (queue_tail) queue_tail->next = q; else queue_head = q;
            queue_tail = q;
            used += 8 + (size_t)len;
          }
          memmove(in.data, in.data + used, in.size - used);
          in.size -= used;
        }
      }
      k = 1;
    }
    for (int i = 0; i < count; i++, k++) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Worker* w = &workers[i];
      char len_bytes[4];
      int32_t len = -1;
      char* frame = NULL;
      if (read_fully(w->answers, len_bytes, 4) && (len = get_int_at(len_bytes)) == WARM) {
        w->warm = 1;
        continue;
      }
      if (len >= 0) {
        frame = malloc((size_t)len + 1);
        if (!read_fully(w->answers, frame, (size_t)len)) {
          free(frame);
          frame = NULL;
        }
      }
      if (frame) {
        forward_answer(w->id, frame, (size_t)len);
        free(frame);
        w->busy = 0;
        continue;
      }
      /* the worker died (NVRTC crashed in it, or it was killed): answer its request, start another */
      int wstatus = 0;
      close(w->requests);
      close(w->answers);
      waitpid(w->pid, &wstatus, 0);
      if (!w->warm && ++warm_up_deaths >= WARM_UP_DEATHS) {
        /* NVRTC cannot be set up in a worker: end, and jitguard compiles what was sent elsewhere */
        fprintf(stderr, "jitguard-compile-server: %d workers died setting NVRTC up; giving up\n", warm_up_deaths);
        return 4;
      }
      if (w->busy) {
        Buffer err = {0};
        char call[128];
        snprintf(call, sizeof call, "compile server worker (%s %d)", WIFSIGNALED(wstatus) ? "signal" : "exit code",
                 WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
        put_int(&err, ANSWER_ERROR);
        put_string(&err, call);
        put_int(&err, -1);
        put_string(&err, "the compile process ended while compiling");
        put_string(&err, "");
        forward_answer(w->id, err.data, err.size);
        free(err.data);
      }
      if (!start_worker(w)) return 3;
    }
    for (int i = 0; i < count && queue_head; i++) {
      if (workers[i].busy || !workers[i].warm) continue;
      Request* q = queue_head;
      queue_head = q->next;
      if (!queue_head) queue_tail = NULL;
      send_to_worker(&workers[i], q);
    }
  }
  for (int i = 0; i < count; i++) close(workers[i].requests);
  for (int i = 0; i < count; i++) waitpid(workers[i].pid, NULL, 0);
  return 0;
}
