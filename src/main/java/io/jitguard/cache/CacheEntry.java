package io.jitguard.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the cache keeps of one successful compile: the CUBIN, the PTX when it was asked for, the
 * lowered names, NVRTC's log and how long the compile took. On disk it is one file: a magic line,
 * a JSON header, the CUBIN and PTX bytes, and a SHA-256 of everything before it, so a truncated or
 * altered entry is told apart from a good one.
 */
public record CacheEntry(byte[] cubin, Optional<String> ptx, ImmutableMap<String, String> loweredNames, String log,
    long compileMillis, String cubinSha256) {
  static final byte[] MAGIC = "jitguard-kernel-cache 1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int CHECKSUM_BYTES = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An entry that cannot be read: the reason, for the one warning a corrupt entry gets. */
  public static final class CorruptEntryException extends Exception {
    CorruptEntryException(String why) {
      super(why);
    }
  }

  public CacheEntry {
    loweredNames = ImmutableMap.copyOf(loweredNames);
  }

  /** An entry of a compile's output; the CUBIN's SHA-256 is computed here and kept with it. */
  public static CacheEntry of(byte[] cubin, Optional<String> ptx, ImmutableMap<String, String> loweredNames, String log,
      long compileMillis) {
    return new CacheEntry(cubin, ptx, loweredNames, log, compileMillis, Hashing.sha256().hashBytes(cubin).toString());
  }

  byte[] encode() {
    byte[] ptxBytes = ptx.map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("cubinBytes", cubin.length);
    header.put("ptxBytes", ptx.isPresent() ? ptxBytes.length : -1);
    header.put("loweredNames", loweredNames);
    header.put("log", log);
    header.put("compileMillis", compileMillis);
    header.put("cubinSha256", cubinSha256);
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(header);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAGIC.length + 4 + json.length + cubin.length
        + ptxBytes.length + CHECKSUM_BYTES);
    out.writeBytes(MAGIC);
    out.writeBytes(ByteBuffer.allocate(4).putInt(json.length).array());
    out.writeBytes(json);
    out.writeBytes(cubin);
    out.writeBytes(ptxBytes);
    byte[] body = out.toByteArray();
    out.writeBytes(Hashing.sha256().hashBytes(body).asBytes());
    return out.toByteArray();
  }

  static CacheEntry decode(byte[] data) throws CorruptEntryException {
    if (data.length < MAGIC.length + 4 + CHECKSUM_BYTES
        || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptEntryException("not a jitguard cache entry, or truncated (" + data.length + " bytes)");
    }
    int bodyEnd = data.length - CHECKSUM_BYTES;
    byte[] expected = Hashing.sha256().hashBytes(data, 0, bodyEnd).asBytes();
    if (!Arrays.equals(expected, 0, CHECKSUM_BYTES, data, bodyEnd, data.length)) {
      throw new CorruptEntryException("checksum mismatch");
    }
    ByteBuffer b = ByteBuffer.wrap(data, MAGIC.length, bodyEnd - MAGIC.length);
    int jsonLength = b.getInt();
    if (jsonLength < 0 || jsonLength > b.remaining()) {
      throw new CorruptEntryException("header length " + jsonLength + " past the end");
    }
    try {
      Map<String, Object> header = JSON.readValue(data, b.position(), jsonLength, new TypeReference<>() {});
      int at = b.position() + jsonLength;
      int cubinBytes = ((Number) header.get("cubinBytes")).intValue();
      int ptxBytes = ((Number) header.get("ptxBytes")).intValue();
      if (cubinBytes < 0 || at + cubinBytes + Math.max(0, ptxBytes) != bodyEnd) {
        throw new CorruptEntryException("sizes disagree with the file");
      }
      byte[] cubin = Arrays.copyOfRange(data, at, at + cubinBytes);
      Optional<String> ptx = ptxBytes < 0 ? Optional.empty()
          : Optional.of(new String(data, at + cubinBytes, ptxBytes, StandardCharsets.UTF_8));
      @SuppressWarnings("unchecked")
      Map<String, String> names = (Map<String, String>) header.get("loweredNames");
      return new CacheEntry(cubin, ptx, ImmutableMap.copyOf(names), (String) header.get("log"),
          ((Number) header.get("compileMillis")).longValue(), (String) header.get("cubinSha256"));
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("unreadable header (" + e.getMessage() + ")");
    }
  }
}
