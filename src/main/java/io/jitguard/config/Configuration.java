package io.jitguard.config;

import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The config layers in effect: the user's file, then the project's ({@code jitguard.json} beside
 * the manifest); command-line flags override both.
 */
public record Configuration(ImmutableList<Layer> layers, Settings settings) {
  public static final String PROJECT_FILE = "jitguard.json";
  public static final String USER_FILE = "config.json";
  public static final String CONFIG_ENV = "JITGUARD_CONFIG_DIR";

  /** A file that was read, and which layer it is. */
  public record Layer(String scope, Path file) {}

  /**
   * Reads the layers that exist.
   *
   * @throws ConfigException when one of them cannot be used
   */
  public static Configuration load(Path manifest, Map<String, String> env, String home) {
    return load(java.util.Optional.ofNullable(manifest), env, home);
  }

  /** Only the user's layer: for sources checked without a manifest. */
  public static Configuration loadUserOnly() {
    return load(java.util.Optional.empty(), System.getenv(), System.getProperty("user.home"));
  }

  private static Configuration load(java.util.Optional<Path> manifest, Map<String, String> env, String home) {
    ImmutableList.Builder<Layer> layers = ImmutableList.builder();
    Settings merged = Settings.EMPTY;
    Path user = userConfigDir(env, home).resolve(USER_FILE);
    if (Files.isRegularFile(user)) {
      merged = merged.overriddenBy(ConfigReader.read(user));
      layers.add(new Layer("user", user));
    }
    Path dir = manifest.map(m -> m.toAbsolutePath().normalize().getParent()).orElse(null);
    Path project = dir == null ? null : dir.resolve(PROJECT_FILE);
    if (project != null && Files.isRegularFile(project)) {
      merged = merged.overriddenBy(ConfigReader.read(project));
      layers.add(new Layer("project", project));
    }
    return new Configuration(layers.build(), merged);
  }

  public static Configuration load(Path manifest) {
    return load(manifest, System.getenv(), System.getProperty("user.home"));
  }

  /** {@code $JITGUARD_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/jitguard}, else {@code ~/.config/jitguard}. */
  public static Path userConfigDir(Map<String, String> env, String home) {
    String explicit = env.get(CONFIG_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "jitguard");
    }
    return Path.of(home, ".config", "jitguard");
  }
}
