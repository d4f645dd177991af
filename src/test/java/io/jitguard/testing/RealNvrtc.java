package io.jitguard.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jitguard.dirs.UserDirs;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;

/**
 * The real NVRTC from the Maven dependencies, loaded once for all tests. It exists for
 * linux-x86_64 only; elsewhere the tests that need it are skipped with that reason.
 */
public final class RealNvrtc {
  private static CudaHeaders headers;

  private RealNvrtc() {}

  public static Nvrtc nvrtc() {
    assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
        "jitguard's NVRTC dependency is built for linux-x86_64 only");
    return Nvrtc.load();
  }

  public static synchronized CudaHeaders headers() {
    if (headers == null) {
      headers = CudaHeaders.resolve(nvrtc(), UserDirs.cacheDir(), System.getenv());
    }
    return headers;
  }
}
