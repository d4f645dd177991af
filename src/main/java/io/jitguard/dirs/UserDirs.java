package io.jitguard.dirs;

import java.nio.file.Path;
import java.util.Map;

/** Where jitguard keeps per-user state: headers installed from NVRTC and the driver placeholder. */
public final class UserDirs {
  public static final String CACHE_ENV = "JITGUARD_CACHE_DIR";

  private UserDirs() {}

  /** {@code $JITGUARD_CACHE_DIR}, else {@code $XDG_CACHE_HOME/jitguard}, else {@code ~/.cache/jitguard}. */
  public static Path cacheDir() {
    return cacheDir(System.getenv(), System.getProperty("user.home"));
  }

  static Path cacheDir(Map<String, String> env, String home) {
    String explicit = env.get(CACHE_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "jitguard");
    }
    return Path.of(home, ".cache", "jitguard");
  }
}
