package io.jitguard.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The hit and miss counts of the last runs, kept beside the entries in {@code runs.json} for
 * {@code jitguard cache}. Written like an entry (a temporary file renamed into place); two runs
 * ending at once may lose one of their records, never corrupt the file.
 */
public final class CacheStats {
  static final String FILE = "runs.json";
  static final int KEPT = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private CacheStats() {}

  /** One run's lookups: served, missed (compiled), corrupt entries met, entries written. */
  public record Counts(int hits, int misses, int corrupt, int stored) {}

  /**
   * @param uncacheable units whose key could not be known for sure (no lookup: compiled, not stored)
   */
  public record Run(String finished, String command, int units, int hits, int misses, int uncacheable, int corrupt) {}

  /** Appends a run, keeping the last {@value #KEPT}; a failure to write is ignored (the counts are informative). */
  public static void record(KernelCache cache, Run run) {
    if (!cache.persistent()) {
      return;
    }
    List<Run> runs = new ArrayList<>(read(cache.folder()));
    runs.add(run);
    List<Run> kept = runs.subList(Math.max(0, runs.size() - KEPT), runs.size());
    Path file = cache.folder().resolve(FILE);
    Path temp = file.resolveSibling(FILE + ".tmp-" + ProcessHandle.current().pid());
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), kept);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** The recorded runs, oldest first; none when the file is missing or unreadable. */
  public static List<Run> read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<Run>>() {});
    } catch (IOException e) {
      return List.of();
    }
  }
}
