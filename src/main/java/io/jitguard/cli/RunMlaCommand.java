package io.jitguard.cli;

import io.jitguard.nvrtc.Toolchain;
import io.jitguard.gpu.CardPeaks;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.cache.KernelCache;
import io.jitguard.gpu.KernelRuntime;
import io.jitguard.gpu.PrebuiltKernels;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.mla.ElementType;
import io.jitguard.mla.MlaRunner;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.nvrtc.NvrtcUnavailableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitguard run-mla}: the bundled MLA decode on this machine's GPU, checked against float64. */
@Command(name = "run-mla", mixinStandardHelpOptions = true,
    description = "Run plan, decode and merge of the bundled MLA kernels on the GPU and check o and lse against a "
        + "float64 reference.")
final class RunMlaCommand implements Callable<Integer> {
  static final double O_TOLERANCE = 1e-2;
  static final double LSE_TOLERANCE = 1e-3;
  /** DeepSeek-V3: 1/sqrt(192) times the YaRN mscale squared. */
  static final double DEEPSEEK_SM_SCALE = 0.1352;

  @Spec CommandSpec spec;

  @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "kernels/manifest.json",
      description = "kernel manifest (default: ${DEFAULT-VALUE})")
  Path manifest;

  @Option(names = "--batch", paramLabel = "N", description = "requests (default: 16, or as many as --kv-len lists)")
  Integer batch;

  @Option(names = "--kv-len", paramLabel = "LIST", split = ",",
      description = "kv length of every request, or one per request (ragged) (default: 4096)")
  List<Integer> kvLen = new ArrayList<>();

  @Option(names = "--heads", defaultValue = "128", description = "query heads (default: ${DEFAULT-VALUE})")
  int heads;

  @Option(names = "--page-size", defaultValue = "64", description = "kv positions per page (default: ${DEFAULT-VALUE})")
  int pageSize;

  @Option(names = "--q", defaultValue = "bf16", description = "q type: bf16 or fp16 (default: ${DEFAULT-VALUE})")
  String qType;

  @Option(names = "--kv", defaultValue = "bf16", description = "kv type: bf16 or fp16 (default: ${DEFAULT-VALUE})")
  String kvType;

  @Option(names = "--o", defaultValue = "bf16", description = "o type: bf16, fp16 or fp32 (default: ${DEFAULT-VALUE})")
  String oType;

  @Option(names = "--sm-scale", description = "softmax scale (default: DeepSeek-V3's, " + DEEPSEEK_SM_SCALE + ")")
  double smScale = DEEPSEEK_SM_SCALE;

  @Option(names = "--variant", paramLabel = "NAME", description = "force this mla_decode variant (e.g. portable)")
  String variant;

  @Option(names = "--prebuilt", paramLabel = "DIR",
      description = "load CUBINs a jitguard compile wrote there (its index.json) before the cache and NVRTC; "
          + "default: jitguard/index.json on the class path, when there is one")
  Path prebuilt;

  @Option(names = "--no-cache", description = "neither read nor write the kernel cache (also JITGUARD_NO_CACHE=1)")
  boolean noCache;

  @Option(names = "--seed", defaultValue = "1", description = "random seed of the inputs (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--check", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "compare o and lse with the float64 reference (default: on; --no-check with --bench only times)")
  boolean check;

  @Option(names = "--bench", description = "also time plan + decode + merge with CUDA events against this card's roofline (its datasheet peaks, "
      + "else its clocks)")
  boolean bench;

  @Option(names = "--iterations", defaultValue = "50", description = "timed runs for --bench (default: ${DEFAULT-VALUE})")
  int iterations;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (heads < 1 || pageSize < 1) {
      throw new UsageException("--heads and --page-size must be at least 1");
    }
    if (!(smScale > 0) || Double.isInfinite(smScale)) {
      throw new UsageException("--sm-scale must be a positive number, not " + smScale);
    }
    if (!check && !bench) {
      throw new UsageException("--no-check leaves nothing to do without --bench");
    }
    int[] lens = lengths();
    Manifest m = ManifestReader.read(manifest);
    Toolchain toolchain = Toolchain.load();
    Nvrtc nvrtc = toolchain.nvrtc();
    if (!nvrtc.driver().realDriver()) {
      throw new NvrtcUnavailableException("run-mla needs an NVIDIA GPU: no driver on this machine (doctor tells more)");
    }
    CudaHeaders headers = toolchain.headers();
    CudaDriver driver = CudaDriver.open(nvrtc, 0);
    KernelCache cache;
    try {
      cache = KernelCache.forUser(noCache, spec.commandLine().getErr()::println);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    java.util.Optional<PrebuiltKernels> built = prebuilt != null ? java.util.Optional.of(PrebuiltKernels.fromFolder(prebuilt))
        : PrebuiltKernels.fromClassPath(RunMlaCommand.class.getClassLoader());
    KernelRuntime rt = new KernelRuntime(m, nvrtc, headers, driver,
        variant == null ? Map.of() : Map.of("mla_decode", variant), line -> spec.commandLine().getErr().println(line),
        cache, built);
    CudaDriver.Gpu gpu = driver.gpu();
    out.printf("device: %s (sm_%d, %d SMs); NVRTC %s; headers %s%n", gpu.name(), gpu.sm(), gpu.multiprocessors(),
        nvrtc.version(), headers.origin());
    MlaRunner.Shape shape = new MlaRunner.Shape(heads, pageSize, lens, ElementType.parse(qType),
        ElementType.parse(kvType), ElementType.parse(oType), smScale, seed);
    String problem = String.format("batch %d, kv %s, heads %d, page %d, q/kv/o %s/%s/%s", lens.length,
        describe(lens), heads, pageSize, qType, kvType, oType);
    boolean ok = true;
    if (check) {
      MlaRunner.Check c = MlaRunner.check(rt, shape);
      out.printf("mla_decode variant: %s (%s)%s%n", c.variant(), c.target(), variant == null ? "" : ", forced");
      for (KernelRuntime.Prepared p : rt.preparedAll()) {
        out.printf("prepared %s[%s] %s from %s in %d ms%n", p.family(), p.instantiation(), p.variant(), p.origin(),
            p.millis());
      }
      out.printf("%s: %d work items, %d partial rows%n", problem, c.work(), c.partials());
      out.printf("checked %d (request, head) pairs against float64: o relative error %.3g (max abs %.3g), "
          + "lse relative error %.3g; %d unwritten outputs%n", c.checkedPairs(), c.oRelative(), c.oMaxAbs(),
          c.lseRelative(), c.unwritten());
      ok = c.ok(O_TOLERANCE, LSE_TOLERANCE);
      out.printf("%s (tolerances: o %.0e, lse %.0e)%n", ok ? "ok" : "MISMATCH", O_TOLERANCE, LSE_TOLERANCE);
    } else {
      out.printf("%s: not checked (--no-check)%n", problem);
    }
    if (bench && ok) {
      CardPeaks peaks = CardPeaks.of(gpu);
      MlaRunner.Bench b = MlaRunner.bench(rt, shape, 5, Math.max(1, iterations), peaks);
      out.printf("%-9s %-14s %10s %10s %9s %9s %13s %12s %8s%n", "variant", "batch x kv", "median ms", "min ms",
          "KV GB/s", "TFLOP/s", "roofline ms", "of roofline", "bound");
      out.printf("%-9s %-14s %10.3f %10.3f %9.1f %9.1f %13.3f %11.1f%% %8s%n", b.variant(), lens.length + " x "
          + describe(lens), b.medianMillis(), b.minMillis(), b.gbPerSecond(), b.tflopPerSecond(), b.rooflineMillis(),
          100 * b.fractionOfRoofline(), b.bound());
      out.printf("(%d timed runs after 5 warm-up, %s; %s)%n", b.iterations(), b.timing(), peaks.describe());
      out.printf("median per kernel: plan %.3f ms, decode %.3f ms, merge %.3f ms (as many runs again, with events "
          + "between the kernels: %.3f ms in all)%n", b.phases().planMillis(), b.phases().decodeMillis(),
          b.phases().mergeMillis(), b.phases().totalMillis());
      b.resourceUsage().forEach(l -> out.println("  " + l));
    }
    out.flush();
    return ok ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  private int[] lengths() {
    List<Integer> l = kvLen.isEmpty() ? List.of(4096) : kvLen;
    int n = batch != null ? batch : (l.size() == 1 ? 16 : l.size());
    if (n < 1 || (l.size() > 1 && l.size() != n)) {
      throw new UsageException("--kv-len lists " + l.size() + " lengths for a batch of " + n
          + ": give one length, or one per request");
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = l.size() == 1 ? l.get(0) : l.get(i);
      if (out[i] < 0) {
        throw new UsageException("--kv-len must not be negative");
      }
    }
    return out;
  }

  private static String describe(int[] lens) {
    boolean same = java.util.Arrays.stream(lens).allMatch(x -> x == lens[0]);
    return same ? Integer.toString(lens[0]) : java.util.Arrays.toString(lens);
  }
}
