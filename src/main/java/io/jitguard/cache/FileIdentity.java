package io.jitguard.cache;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import io.jitguard.nvrtc.Nvrtc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Which build of a program a cache key covers, by the SHA-256 of its file: the NVRTC library (so a
 * patched or rebuilt NVRTC of the same release misses) and jitguard's own jar (so cached check
 * results never outlive the checker that produced them). Hashing 120 MB takes a moment, so each
 * hash is remembered in the cache folder by the file's path, size and modification time.
 */
final class FileIdentity {
  static final String FOLDER = "builds";

  private FileIdentity() {}

  /** {@code nvrtc 13.3 <sha256>}; empty when the library's file is unknown or unreadable. */
  static Optional<String> nvrtc(Nvrtc nvrtc, Path cacheFolder) {
    return nvrtc.libraryPath().flatMap(p -> hash(p, cacheFolder)).map(h -> "nvrtc " + nvrtc.version() + " " + h);
  }

  /** {@code jitguard <sha256 of its jar>}; empty when jitguard runs from a folder of classes (a development build). */
  static Optional<String> jitguard(Path cacheFolder) {
    try {
      Path jar = Path.of(FileIdentity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(jar) ? hash(jar, cacheFolder).map(h -> "jitguard " + h) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Optional<String> hash(Path path, Path cacheFolder) {
    try {
      Path file = path.toRealPath();
      String stamp = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
      Path memo = cacheFolder.resolve(FOLDER).resolve(Hashing.sha256().hashString(stamp, StandardCharsets.UTF_8)
          .toString());
      String hash = Files.isRegularFile(memo) ? Files.readString(memo, StandardCharsets.US_ASCII).strip() : "";
      if (!hash.matches("[0-9a-f]{64}")) {
        try (InputStream in = Files.newInputStream(file);
            HashingInputStream h = new HashingInputStream(Hashing.sha256(), in)) {
          h.transferTo(OutputStream.nullOutputStream());
          hash = h.hash().toString();
        }
        remember(memo, hash);
      }
      return Optional.of(hash);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static void remember(Path memo, String hash) {
    try {
      Files.createDirectories(memo.getParent());
      Path temp = memo.resolveSibling(memo.getFileName() + ".tmp-" + ProcessHandle.current().pid());
      Files.writeString(temp, hash, StandardCharsets.US_ASCII);
      Files.move(temp, memo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | SecurityException ignored) {
      // hashed again next time
    }
  }
}
