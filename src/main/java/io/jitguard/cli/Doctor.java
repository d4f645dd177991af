package io.jitguard.cli;

import com.google.common.collect.ImmutableList;
import io.jitguard.config.ConfigException;
import io.jitguard.config.Configuration;
import io.jitguard.cache.KernelCache;
import io.jitguard.dirs.UserDirs;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestException;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.nvrtc.NvrtcUnavailableException;
import io.jitguard.nvrtc.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a new user's first questions: which Java, which NVRTC from where, where the CUDA
 * headers come from, whether a real driver and a GPU are there, where the cache is, and whether
 * the manifest reads. Each check is independent: one failing does not hide the others.
 */
final class Doctor {
  private Doctor() {}

  /** One line of the report; {@code ok} false marks a problem that stops jitguard from working. */
  public record Check(String name, boolean ok, String value) {}

  public record Report(ImmutableList<Check> checks) {
    public boolean ok() {
      return checks.stream().allMatch(Check::ok);
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", ok());
      for (Check c : checks) {
        m.put(c.name(), Map.of("ok", c.ok(), "value", c.value()));
      }
      return m;
    }
  }

  /** The kernel cache's folder and size; off, or memory-only, said so. */
  private static Check kernelCache() {
    if (KernelCache.disabledBy(System.getenv())) {
      return new Check("kernel cache", true, "off (" + KernelCache.NO_CACHE_ENV + ")");
    }
    try {
      KernelCache c = KernelCache.open(UserDirs.cacheDir(), KernelCache.maxBytesFrom(System.getenv()), w -> {});
      KernelCache.Usage u = c.usage();
      return new Check("kernel cache", c.persistent(), c.folder() + (c.persistent() ? "" : " (not writable: memory only)")
          + ", " + u.entries() + " entries, " + CacheCommand.size(u.bytes()) + " of at most "
          + CacheCommand.size(c.maxBytes()));
    } catch (IllegalArgumentException e) {
      return new Check("kernel cache", false, e.getMessage());
    }
  }

  /**
   * NVRTC's own cache of compiled programs ({@code [nvrtc cache]} in the library): with a real
   * driver, a program NVRTC compiled before comes back from the driver's compute cache in a fraction
   * of its compile time, in any process, which is why compile times differ 10x between a machine's
   * first build and its next (BENCHMARKS.md, the compile jobs entry). jitguard's {@code --no-cache}
   * does not reach it.
   */
  static Check nvrtcCache(boolean realDriver, String cacheDisable) {
    if (!realDriver) {
      return new Check("nvrtc cache", true, "off: no CUDA driver (NVRTC keeps its own cache through one)");
    }
    if ("1".equals(cacheDisable)) {
      return new Check("nvrtc cache", true, "off (CUDA_CACHE_DISABLE=1): every compile from scratch");
    }
    return new Check("nvrtc cache", true, "on: NVRTC answers programs it compiled before from the CUDA driver's "
        + "compute cache, across processes (CUDA_CACHE_DISABLE=1 turns it off; jitguard's --no-cache does not)");
  }

  static Report inspect(Path manifestPath) {
    ImmutableList.Builder<Check> checks = ImmutableList.builder();
    checks.add(new Check("java", true, System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
        + ", " + System.getProperty("java.home") + ")"));
    checks.add(new Check("cache", true, UserDirs.cacheDir().toString()));
    checks.add(kernelCache());
    Toolchain toolchain = null;
    Nvrtc nvrtc = null;
    try {
      toolchain = Toolchain.load();
      nvrtc = toolchain.nvrtc();
      checks.add(new Check("nvrtc", true, nvrtc.version() + " (" + nvrtc.libraryPath().map(Path::toString)
          .orElse("library path unknown") + ")"));
      checks.add(new Check("targets", true, nvrtc.supportedTargets().describe()));
    } catch (NvrtcUnavailableException e) {
      checks.add(new Check("nvrtc", false, e.getMessage()));
    }
    if (nvrtc != null) {
      try {
        CudaHeaders headers = toolchain.headers();
        checks.add(new Check("headers", true, headers.origin()));
      } catch (NvrtcUnavailableException e) {
        checks.add(new Check("headers", false, e.getMessage()));
      }
      if (nvrtc.driver().realDriver()) {
        checks.add(new Check("driver", true, "NVIDIA driver at " + nvrtc.driver().path()));
        try {
          CudaDriver.DriverInfo info = CudaDriver.inspect(nvrtc);
          String gpus = info.gpus().isEmpty() ? "none visible" : info.gpus().stream()
              .map(g -> "#" + g.ordinal() + " " + g.name() + " (sm_" + g.sm() + ", " + g.multiprocessors() + " SMs)")
              .reduce((a, b) -> a + "; " + b).orElse("");
          checks.add(new Check("gpu", true, "CUDA " + info.cudaVersionText() + " driver; " + gpus));
        } catch (RuntimeException e) {
          checks.add(new Check("gpu", true, "driver present but no GPU usable: " + e.getMessage()));
        }
      } else {
        checks.add(new Check("driver", true, "none (compiling only; placeholder " + nvrtc.driver().path() + ")"));
      }
      checks.add(nvrtcCache(nvrtc.driver().realDriver(), System.getenv("CUDA_CACHE_DISABLE")));
    }
    try {
      Configuration config = Configuration.load(manifestPath);
      String layers = config.layers().isEmpty() ? "none (looked for "
          + Configuration.userConfigDir(System.getenv(), System.getProperty("user.home")).resolve(Configuration.USER_FILE)
          + " and " + manifestPath.toAbsolutePath().normalize().resolveSibling(Configuration.PROJECT_FILE) + ")"
          : config.layers().stream().map(l -> l.scope() + " " + l.file()).reduce((a, b) -> a + ", then " + b).get()
              + "; command-line flags override them";
      checks.add(new Check("config", true, layers));
    } catch (ConfigException e) {
      checks.add(new Check("config", false, e.getMessage()));
    }
    if (Files.isRegularFile(manifestPath)) {
      try {
        Manifest m = ManifestReader.read(manifestPath);
        checks.add(new Check("manifest", true, m.file() + " (" + m.families().size() + " families, default targets "
            + m.defaultTargets() + ")"));
      } catch (ManifestException e) {
        checks.add(new Check("manifest", false, e.getMessage()));
      }
    } else {
      checks.add(new Check("manifest", false, "not found at " + manifestPath.toAbsolutePath()
          + " (run from the project folder or pass --manifest)"));
    }
    return new Report(checks.build());
  }
}
