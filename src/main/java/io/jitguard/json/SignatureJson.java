package io.jitguard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.sema.KernelSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry-point signatures in JSON, as {@code index.json} and the kernel cache's clean-check records
 * hold them: {@code {"<name expression>": {"params": [{"name", "type", "kind", "pointee", "pointeeConst",
 * "size", "align", "offset"}, ...]}}}.
 */
public final class SignatureJson {
  private SignatureJson() {}

  /** The signatures of one unit's entry points, ready for Jackson to write. */
  public static Map<String, Object> write(Map<String, KernelSignature> signatures) {
    Map<String, Object> out = new LinkedHashMap<>();
    signatures.forEach((entry, s) -> out.put(entry, Map.of("params", params(s.params()))));
    return out;
  }

  private static List<Map<String, Object>> params(List<KernelSignature.Param> params) {
    return params.stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("type", p.type());
      m.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
      p.pointee().ifPresent(t -> {
        m.put("pointee", t);
        m.put("pointeeConst", p.pointeeConst());
      });
      m.put("size", p.size());
      m.put("align", p.align());
      m.put("offset", p.offset());
      return m;
    }).toList();
  }

  /**
   * What {@link #write} wrote; an entry that is not in that shape is left out (a runtime then works
   * its signature out itself).
   */
  public static ImmutableMap<String, KernelSignature> read(JsonNode node) {
    ImmutableMap.Builder<String, KernelSignature> out = ImmutableMap.builder();
    if (node == null || !node.isObject()) {
      return out.build();
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      readOne(e.getKey(), e.getValue()).ifPresent(s -> out.put(e.getKey(), s));
    }
    return out.buildKeepingLast();
  }

  private static Optional<KernelSignature> readOne(String entry, JsonNode node) {
    JsonNode params = node.path("params");
    if (!params.isArray()) {
      return Optional.empty();
    }
    ImmutableList.Builder<KernelSignature.Param> out = ImmutableList.builder();
    for (JsonNode p : params) {
      KernelSignature.Kind kind;
      try {
        kind = KernelSignature.Kind.valueOf(p.path("kind").asText().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      if (!p.path("name").isTextual() || !p.path("type").isTextual() || !p.path("size").canConvertToLong()
          || !p.path("align").canConvertToLong() || !p.path("offset").canConvertToLong()) {
        return Optional.empty();
      }
      Optional<String> pointee = p.path("pointee").isTextual() ? Optional.of(p.get("pointee").asText())
          : Optional.empty();
      out.add(new KernelSignature.Param(p.get("name").asText(), p.get("type").asText(), kind, pointee,
          p.path("pointeeConst").asBoolean(false), p.get("size").asLong(), p.get("align").asLong(),
          p.get("offset").asLong()));
    }
    return Optional.of(new KernelSignature(entry, out.build()));
  }
}
