package io.jitguard.manifest;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One point of a family's instantiation space.
 *
 * @param types template parameter to C++ type, {@code DTypeO -> __nv_bfloat16}
 * @param label the short readable name, {@code q=bf16,kv=bf16,o=bf16}; axes with one value are left out
 */
public record Instantiation(ImmutableMap<String, String> types, String label) {
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

  /** Replaces each {@code {Param}} of an entry-point template with this instantiation's type. */
  public String expand(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String type = types.get(m.group(1));
      if (type == null) {
        throw new IllegalArgumentException("no template parameter '" + m.group(1) + "' in " + types.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(type));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code DTypeO=__nv_bfloat16, IdType=int}: the form compilers print in "[with ...]". */
  public String bindings() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : types.entrySet()) {
      b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
    }
    return b.toString();
  }
}
