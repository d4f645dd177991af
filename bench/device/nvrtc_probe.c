// Times nvrtcCompileProgram in one fresh process, compile by compile, with the minor page faults
// each took: to tell whether a worker process's slow first compile is NVRTC's own (it shows here
// too) or the JVM's around it. Loads NVRTC with dlopen, so it builds without a toolkit:
//   gcc -O2 nvrtc_probe.c -o nvrtc_probe -ldl
//   nvrtc_probe LIBNVRTC SOURCE COMPILES [--warm FILE] [--name EXPR]... [-- OPTION...]
// --warm FILE: compile FILE (no name expressions, the same options) once first, timed apart: does a
// small warm-up take the first compile's extra cost away?
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef int (*create_fn)(void**, const char*, const char*, int, const char* const*, const char* const*);
typedef int (*compile_fn)(void*, int, const char* const*);
typedef int (*destroy_fn)(void**);
typedef int (*name_fn)(void*, const char*);

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static long minor_faults(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s LIBNVRTC SOURCE COMPILES [--name EXPR]... [-- OPTION...]\n", argv[0]);
    return 2;
  }
  double t0 = now_ms();
  void* lib = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  create_fn create = (create_fn)dlsym(lib, "nvrtcCreateProgram");
  compile_fn compile = (compile_fn)dlsym(lib, "nvrtcCompileProgram");
  destroy_fn destroy = (destroy_fn)dlsym(lib, "nvrtcDestroyProgram");
  name_fn add_name = (name_fn)dlsym(lib, "nvrtcAddNameExpression");
  FILE* f = fopen(argv[2], "rb");
  if (!f) {
    perror(argv[2]);
    return 1;
  }
  static char src[1 << 20];
  size_t n = fread(src, 1, sizeof src - 1, f);
  src[n] = 0;
  fclose(f);
  int compiles = atoi(argv[3]);
  const char* names[16];
  int num_names = 0;
  const char* warm = NULL;
  int i = 4;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--name") == 0 && i + 1 < argc && num_names < 16) names[num_names++] = argv[++i];
    else if (strcmp(argv[i], "--warm") == 0 && i + 1 < argc) warm = argv[++i];
  }
  const char* const* options = (const char* const*)(i < argc ? argv + i + 1 : argv + argc);
  int num_options = i < argc ? argc - i - 1 : 0;
  printf("loaded in %.1f ms;", now_ms() - t0);
  if (warm) {
    static char warm_src[1 << 16];
    FILE* w = fopen(warm, "rb");
    size_t wn = w ? fread(warm_src, 1, sizeof warm_src - 1, w) : 0;
    if (w) fclose(w);
    warm_src[wn] = 0;
    void* prog;
    double t = now_ms();
    create(&prog, warm_src, warm, 0, NULL, NULL);
    int status = compile(prog, num_options, options);
    destroy(&prog);
    printf(" warm-up: %.0f ms%s;", now_ms() - t, status ? " (FAILED)" : "");
  }
  for (int c = 0; c < compiles; c++) {
    void* prog;
    long faults = minor_faults();
    double t = now_ms();
    create(&prog, src, argv[2], 0, NULL, NULL);
    for (int k = 0; k < num_names; k++) add_name(prog, names[k]);
    int status = compile(prog, num_options, options);
    destroy(&prog);
    printf(" compile %d: %.0f ms, %ld minor faults%s;", c + 1, now_ms() - t, minor_faults() - faults,
           status ? " (FAILED)" : "");
  }
  printf("\n");
  return 0;
}
