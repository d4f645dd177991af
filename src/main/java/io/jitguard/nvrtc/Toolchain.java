package io.jitguard.nvrtc;

import io.jitguard.dirs.UserDirs;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every door compiles with: the NVRTC loaded for this process and the CUDA headers found
 * for it (installed from NVRTC's bundle into the user cache, else a toolkit's). The headers are
 * resolved when first asked for, so a door that only lists targets installs nothing.
 */
public final class Toolchain {
  private final Nvrtc nvrtc;
  private final Path cacheDir;
  private final Map<String, String> env;
  private CudaHeaders headers;

  private Toolchain(Nvrtc nvrtc, Path cacheDir, Map<String, String> env) {
    this.nvrtc = nvrtc;
    this.cacheDir = cacheDir;
    this.env = Map.copyOf(env);
  }

  /**
   * The toolchain of this machine: the NVRTC on the class path, headers in the user cache folder.
   *
   * @throws NvrtcUnavailableException when NVRTC cannot be loaded
   */
  public static Toolchain load() {
    return new Toolchain(Nvrtc.load(), UserDirs.cacheDir(), System.getenv());
  }

  public Nvrtc nvrtc() {
    return nvrtc;
  }

  /**
   * The CUDA headers for this NVRTC, resolved once.
   *
   * @throws NvrtcUnavailableException naming every place looked at, when none has headers
   */
  public synchronized CudaHeaders headers() {
    if (headers == null) {
      headers = CudaHeaders.resolve(nvrtc, cacheDir, env);
    }
    return headers;
  }
}
