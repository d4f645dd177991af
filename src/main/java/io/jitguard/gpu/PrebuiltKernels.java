package io.jitguard.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.json.SignatureJson;
import io.jitguard.plan.CompileUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The CUBINs a {@code jitguard compile} wrote, with its {@code index.json}: in an output folder, or
 * on the class path under {@code jitguard/} (where the Maven goal puts them, so they ship in the
 * project's jar). A unit is served when the index has it compiled for the very target and with the
 * same source key (the same sources, options and name expressions, whichever NVRTC compiled it).
 */
public final class PrebuiltKernels {
  /** Where the Maven goal writes them inside the project's classes. */
  public static final String CLASSPATH_FOLDER = "jitguard";
  static final String INDEX = "index.json";

  /** A prebuilt CUBIN, its lowered names and its entry points' signatures, and where it was read from. */
  public record Prebuilt(byte[] cubin, ImmutableMap<String, String> loweredNames,
      ImmutableMap<String, KernelSignature> signatures, String origin) {}

  private record Unit(String cubin, String sourceKey, ImmutableMap<String, String> loweredNames,
      ImmutableMap<String, KernelSignature> signatures) {}

  private final Map<String, Unit> units;
  private final Optional<Path> folder;
  private final ClassLoader loader;
  private final String origin;

  private PrebuiltKernels(Map<String, Unit> units, Optional<Path> folder, ClassLoader loader, String origin) {
    this.units = units;
    this.folder = folder;
    this.loader = loader;
    this.origin = origin;
  }

  /**
   * The output folder of a compile.
   *
   * @throws UncheckedIOException naming the file, when it has no readable index.json
   */
  public static PrebuiltKernels fromFolder(Path dir) {
    Path index = dir.resolve(INDEX);
    try (InputStream in = Files.newInputStream(index)) {
      return new PrebuiltKernels(read(in, index.toString()), Optional.of(dir), null, dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prebuilt kernels: " + index, e);
    }
  }

  /** The index and CUBINs on the class path ({@code jitguard/index.json}), when there are any. */
  public static Optional<PrebuiltKernels> fromClassPath(ClassLoader loader) {
    String index = CLASSPATH_FOLDER + "/" + INDEX;
    try (InputStream in = loader.getResourceAsStream(index)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(new PrebuiltKernels(read(in, index), Optional.empty(), loader, "the class path"));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty(); // an unreadable index serves nothing: the runtime compiles
    }
  }

  private static Map<String, Unit> read(InputStream in, String name) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    Map<String, Unit> out = new HashMap<>();
    for (JsonNode u : root.path("units")) {
      if (!u.path("ok").asBoolean() || !u.hasNonNull("cubin") || !u.hasNonNull("sourceKey")) {
        continue;
      }
      ImmutableMap.Builder<String, String> names = ImmutableMap.builder();
      for (Iterator<Map.Entry<String, JsonNode>> it = u.path("loweredNames").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        names.put(e.getKey(), e.getValue().asText());
      }
      out.put(u.path("name").asText(), new Unit(u.get("cubin").asText(), u.get("sourceKey").asText(),
          names.buildKeepingLast(), SignatureJson.read(u.get("signatures"))));
    }
    return out;
  }

  /** The prebuilt CUBIN of this unit, when the index has it for the unit's target and source key. */
  public Optional<Prebuilt> find(CompileUnit unit, String sourceKey) {
    Unit u = units.get(unit.name());
    if (u == null || !u.sourceKey().equals(sourceKey)) {
      return Optional.empty();
    }
    try {
      byte[] cubin;
      String where;
      if (folder.isPresent()) {
        Path p = folder.get().resolve(u.cubin());
        cubin = Files.readAllBytes(p);
        where = p.toString();
      } else {
        String resource = CLASSPATH_FOLDER + "/" + u.cubin();
        try (InputStream in = loader.getResourceAsStream(resource)) {
          if (in == null) {
            return Optional.empty();
          }
          cubin = in.readAllBytes();
        }
        where = resource + " on the class path";
      }
      return Optional.of(new Prebuilt(cubin, u.loweredNames(), u.signatures(), where));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public String origin() {
    return origin;
  }
}
