package io.jitguard.cache;

import io.jitguard.dirs.UserDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The persistent kernel cache: one file per entry under {@code <cache dir>/kernels/v1/}, named by
 * its key. Readers take no lock: a writer writes a temporary file beside the entry and renames it
 * into place, so a reader sees a whole entry or none, and a writer killed mid-write leaves only a
 * temporary file that nothing reads (and pruning removes). An entry whose checksum fails is dropped
 * and reported once. The last use of an entry is its file's modification time, set on every hit
 * (access times are not reliable); past the size cap the least recently used entries go first. A
 * folder that cannot be written makes the cache memory-only for the run, with one warning.
 */
public final class KernelCache {
  /** The folder under the user cache directory. */
  public static final String FOLDER = "kernels";
  /** Entries of another format live in another folder, so an upgrade never reads an old entry. */
  static final String FORMAT_FOLDER = "v" + CacheKeys.FORMAT;
  static final String SUFFIX = ".jgk";
  /** Clean check results, one small file per key, beside the entries. */
  static final String CHECKS_FOLDER = "checks-v" + CacheKeys.FORMAT;
  private static final String TEMP_MARK = ".tmp-";
  /** A temporary file older than this belongs to a writer that died. */
  private static final long STALE_TEMP_MILLIS = 60 * 60 * 1000L;
  public static final long DEFAULT_MAX_BYTES = 5L << 30;
  public static final String NO_CACHE_ENV = "JITGUARD_NO_CACHE";
  public static final String MAX_SIZE_ENV = "JITGUARD_CACHE_MAX_SIZE";

  private final Path folder;
  private final long maxBytes;
  private final Consumer<String> warn;
  private final boolean enabled;
  private volatile boolean memoryOnly;
  private final Map<String, CacheEntry> memory = new ConcurrentHashMap<>();
  private final AtomicBoolean corruptReported = new AtomicBoolean();
  final AtomicInteger hits = new AtomicInteger();
  final AtomicInteger misses = new AtomicInteger();
  final AtomicInteger corrupt = new AtomicInteger();
  final AtomicInteger stored = new AtomicInteger();
  private volatile Optional<RemoteCache> remote = Optional.empty();
  private java.util.concurrent.ExecutorService uploader;
  private final List<java.util.concurrent.Future<?>> pendingUploads = new ArrayList<>();

  private KernelCache(Path folder, long maxBytes, Consumer<String> warn, boolean enabled) {
    this.folder = folder;
    this.maxBytes = maxBytes;
    this.warn = warn;
    this.enabled = enabled;
  }

  /**
   * The cache in {@code <cacheDir>/kernels}; memory-only, with one warning through {@code warn},
   * when that folder cannot be created or written.
   */
  public static KernelCache open(Path cacheDir, long maxBytes, Consumer<String> warn) {
    KernelCache c = new KernelCache(cacheDir.resolve(FOLDER), maxBytes, warn, true);
    try {
      Files.createDirectories(c.entries());
      if (!Files.isWritable(c.entries())) {
        throw new IOException("not writable");
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      c.degrade("cannot use cache folder " + c.folder + " (" + reason(e) + ")");
    }
    return c;
  }

  /**
   * The user's cache ({@code $JITGUARD_CACHE_DIR}, XDG, {@code ~/.cache/jitguard}), or none when
   * {@code off} ({@code --no-cache}) or {@code JITGUARD_NO_CACHE} says so.
   *
   * @throws IllegalArgumentException for a {@code JITGUARD_CACHE_MAX_SIZE} that is not a size
   */
  public static KernelCache forUser(boolean off, Consumer<String> warn) {
    Map<String, String> env = System.getenv();
    if (off || disabledBy(env)) {
      return disabled();
    }
    return open(UserDirs.cacheDir(), maxBytesFrom(env), warn);
  }

  /** No cache at all ({@code --no-cache}, {@code JITGUARD_NO_CACHE=1}): every lookup misses, nothing is kept. */
  public static KernelCache disabled() {
    return new KernelCache(Path.of(""), 0, m -> {}, false);
  }

  /** Whether the environment turns the cache off ({@code JITGUARD_NO_CACHE} set to anything but 0 or false). */
  public static boolean disabledBy(Map<String, String> env) {
    String v = env.get(NO_CACHE_ENV);
    return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }

  /**
   * The size cap: {@code JITGUARD_CACHE_MAX_SIZE} ({@code 500M}, {@code 5G}, or bytes), else 5 GiB.
   *
   * @throws IllegalArgumentException naming the variable, for a value that is not a size
   */
  public static long maxBytesFrom(Map<String, String> env) {
    String v = env.get(MAX_SIZE_ENV);
    return v == null || v.isBlank() ? DEFAULT_MAX_BYTES : parseSize(v, MAX_SIZE_ENV);
  }

  /** {@code 123}, {@code 64K}, {@code 500M}, {@code 5G} (powers of 1024). */
  public static long parseSize(String text, String what) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t.strip());
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": '" + text + "' is not a size (bytes, or a number with K, M, G or T)");
    }
  }

  public Path folder() {
    return folder;
  }

  /**
   * Reads through to a shared server on a local miss (a downloaded entry is verified, then kept
   * here too) and uploads new entries in the background ({@link #flush} waits for them).
   */
  public synchronized KernelCache withRemote(RemoteCache server) {
    if (enabled) {
      remote = Optional.of(server);
      uploader = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, server.config().parallel()), r -> {
        Thread t = new Thread(r, "jitguard-upload");
        t.setDaemon(true);
        return t;
      });
    }
    return this;
  }

  public Optional<RemoteCache> remote() {
    return remote;
  }

  /** Waits for the uploads started so far (each bounded by the server's time limit). */
  public void flush() {
    List<java.util.concurrent.Future<?>> pending;
    synchronized (this) {
      pending = new ArrayList<>(pendingUploads);
      pendingUploads.clear();
    }
    for (java.util.concurrent.Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        // an upload's failure was reported by the remote cache itself
      }
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /** Whether entries outlive the process: enabled, and the folder could be written. */
  public boolean persistent() {
    return enabled && !memoryOnly;
  }

  private Path entries() {
    return folder.resolve(FORMAT_FOLDER);
  }

  Path pathOf(String key) {
    return entries().resolve(key.substring(0, 2)).resolve(key + SUFFIX);
  }

  /** The entry of a key, or empty; a corrupt entry is deleted, counted and reported once. */
  public Optional<CacheEntry> get(String key) {
    if (!enabled) {
      return Optional.empty();
    }
    CacheEntry inMemory = memory.get(key);
    if (inMemory != null) {
      hits.incrementAndGet();
      return Optional.of(inMemory);
    }
    if (memoryOnly) {
      return fromRemote(key);
    }
    Path p = pathOf(key);
    byte[] data;
    try {
      data = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return fromRemote(key);
    } catch (IOException e) {
      return fromRemote(key);
    }
    try {
      CacheEntry entry = CacheEntry.decode(data);
      touch(p);
      hits.incrementAndGet();
      return Optional.of(entry);
    } catch (CacheEntry.CorruptEntryException e) {
      corrupt.incrementAndGet();
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // another process may have replaced or removed it: either way it is not served
      }
      if (corruptReported.compareAndSet(false, true)) {
        warn.accept("jitguard: cache entry " + p + " was corrupt (" + e.getMessage()
            + "); dropped, recompiled and replaced");
      }
      return fromRemote(key);
    }
  }

  /** A local miss: the shared server's entry when it has a good one (then kept here as well), else a miss. */
  private Optional<CacheEntry> fromRemote(String key) {
    Optional<RemoteCache> r = remote;
    if (r.isPresent()) {
      Optional<byte[]> data = r.get().get(key);
      if (data.isPresent()) {
        try {
          CacheEntry entry = CacheEntry.decode(data.get());
          if (!memoryOnly) {
            writeLocal(key, data.get());
          } else {
            memory.put(key, entry);
          }
          hits.incrementAndGet();
          return Optional.of(entry);
        } catch (CacheEntry.CorruptEntryException e) {
          r.get().corrupt(key, e.getMessage());
        }
      }
    }
    misses.incrementAndGet();
    return Optional.empty();
  }

  /** Keeps an entry: in the folder (temporary file, then an atomic rename), or in memory when the folder failed. */
  public void put(String key, CacheEntry entry) {
    if (!enabled) {
      return;
    }
    Optional<RemoteCache> r = remote;
    boolean upload = r.isPresent() && !r.get().config().readOnly();
    if (memoryOnly && !upload) { // nothing reads the encoded bytes
      memory.put(key, entry);
      return;
    }
    byte[] data = entry.encode();
    if (upload) {
      synchronized (this) {
        pendingUploads.add(uploader.submit(() -> r.get().put(key, data)));
      }
    }
    if (memoryOnly) {
      memory.put(key, entry);
      return;
    }
    if (!writeLocal(key, data)) {
      memory.put(key, entry);
    }
  }

  /** Writes an encoded entry (temporary file, atomic rename); false, after degrading, when the folder fails. */
  private boolean writeLocal(String key, byte[] data) {
    Path p = pathOf(key);
    Path temp = p.resolveSibling(p.getFileName() + TEMP_MARK + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createDirectories(p.getParent());
      Files.write(temp, data);
      try {
        Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, p, StandardCopyOption.REPLACE_EXISTING);
      }
      stored.incrementAndGet();
      return true;
    } catch (IOException | UncheckedIOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // nothing more to do: a temporary file is never read
      }
      degrade("cannot write to cache folder " + folder + " (" + reason(e) + ")");
      return false;
    }
  }

  private synchronized void degrade(String why) {
    if (!memoryOnly) {
      memoryOnly = true;
      warn.accept("jitguard: " + why + "; caching in memory for this run only");
    }
  }

  private static void touch(Path p) {
    try {
      Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
    } catch (IOException | SecurityException ignored) {
      // a read-only cache still serves its entries; their last use is just not recorded
    }
  }

  private static String reason(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** A check of the whole plan that found nothing, as {@code jitguard check} counts it. */
  /**
   * A clean check: its counts, and the entry points' signatures it found (JSON, by unit name, as
   * {@code SignatureJson} writes them; null in records of an earlier jitguard, which are not used).
   */
  public record CleanCheck(int units, int distinctParses, int files, long lines, String signatures) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private Path checkPathOf(String key) {
    return folder.resolve(CHECKS_FOLDER).resolve(key + ".json");
  }

  /** A clean check of this key, when one is recorded. */
  public Optional<CleanCheck> cleanCheck(String key) {
    if (!persistent()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(checkPathOf(key).toFile(), CleanCheck.class));
    } catch (IOException e) { // absent, or unreadable: the checker runs
      return Optional.empty();
    }
  }

  /** Records that the check of this key was clean. */
  public void putCleanCheck(String key, CleanCheck check) {
    if (!persistent()) {
      return;
    }
    Path p = checkPathOf(key);
    Path temp = p.resolveSibling(p.getFileName() + TEMP_MARK + ProcessHandle.current().pid());
    try {
      Files.createDirectories(p.getParent());
      JSON.writeValue(temp.toFile(), check);
      Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      delete(temp);
    }
  }

  /** How many entries the folder holds and their bytes. */
  public record Usage(int entries, long bytes) {}

  public Usage usage() {
    long bytes = 0;
    int n = 0;
    for (EntryFile f : list()) {
      if (!f.temp()) {
        n++;
        bytes += f.bytes();
      }
    }
    return new Usage(n, bytes);
  }

  private record EntryFile(Path path, long bytes, long lastUsed, boolean temp) {}

  private List<EntryFile> list() {
    List<EntryFile> out = new ArrayList<>();
    if (!enabled || !Files.isDirectory(entries())) {
      return out;
    }
    try (Stream<Path> files = Files.walk(entries(), 2)) {
      files.filter(Files::isRegularFile).forEach(p -> {
        try {
          String name = p.getFileName().toString();
          out.add(new EntryFile(p, Files.size(p), Files.getLastModifiedTime(p).toMillis(), name.contains(TEMP_MARK)));
        } catch (IOException ignored) {
          // removed meanwhile by another process
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return out;
    }
    return out;
  }

  /**
   * Removes the least recently used entries until the rest fit in {@code maxBytes}, and temporary
   * files of writers that died; returns how many entries were removed.
   */
  public int prune(long limit) {
    List<EntryFile> files = list();
    long now = System.currentTimeMillis();
    long total = 0;
    List<EntryFile> entries = new ArrayList<>();
    for (EntryFile f : files) {
      if (f.temp()) {
        if (now - f.lastUsed() > STALE_TEMP_MILLIS) {
          delete(f.path());
        }
      } else {
        entries.add(f);
        total += f.bytes();
      }
    }
    entries.sort(Comparator.comparingLong(EntryFile::lastUsed));
    int removed = 0;
    for (EntryFile f : entries) {
      if (total <= limit) {
        break;
      }
      if (delete(f.path())) {
        total -= f.bytes();
        removed++;
      }
    }
    return removed;
  }

  /** Keeps the folder under the cap: what a run calls when it is done. */
  public int enforceCap() {
    return persistent() ? prune(maxBytes) : 0;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Removes every entry (and temporary file); returns how many entries there were. */
  public int clear() {
    int n = 0;
    for (EntryFile f : list()) {
      if (delete(f.path()) && !f.temp()) {
        n++;
      }
    }
    memory.clear();
    try (Stream<Path> checks = Files.isDirectory(folder.resolve(CHECKS_FOLDER)) ? Files.list(folder.resolve(CHECKS_FOLDER))
        : Stream.empty()) {
      checks.forEach(KernelCache::delete);
    } catch (IOException | UncheckedIOException ignored) {
      // what is left is found again by the next clear
    }
    return n;
  }

  private static boolean delete(Path p) {
    try {
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      return false;
    }
  }

  /** This run's counts so far. */
  public CacheStats.Counts counts() {
    return new CacheStats.Counts(hits.get(), misses.get(), corrupt.get(), stored.get());
  }
}
