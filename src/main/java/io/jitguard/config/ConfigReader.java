package io.jitguard.config;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.json.JsonTree;
import io.jitguard.json.JsonTree.Field;
import io.jitguard.json.JsonTree.Obj;
import io.jitguard.json.JsonTree.Pos;
import io.jitguard.json.JsonTree.Value;
import io.jitguard.json.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a config file ({@code jitguard.json} beside the manifest, or the user's
 * {@code config.json}) strictly. An unknown key is an error naming the key that was probably
 * meant; a file written for an older jitguard is recognised as such, with the changes it needs
 * spelled out, rather than failing on the first key it lacks.
 */
public final class ConfigReader {
  /** The config format this jitguard reads. */
  public static final int FORMAT = 1;
  static final List<String> KEYS = List.of("format", "targets", "jobs", "outDir", "strict", "check", "verbose",
      "output", "failOnWarnings", "remoteCache");
  static final Set<String> OUTPUTS = Set.of("text", "json", "sarif");
  /** Keys of format 0 (before targets had their name) and what replaced them. */
  static final Map<String, String> FORMAT_0_RENAMES = ImmutableMap.of("archs", "targets", "parallel", "jobs",
      "out", "outDir");

  private final Path file;
  private final List<String> problems = new ArrayList<>();

  private ConfigReader(Path file) {
    this.file = file;
  }

  /** @throws ConfigException with every problem of the file */
  public static Settings read(Path file) {
    return new ConfigReader(file).readFile();
  }

  private Settings readFile() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": error: cannot read config file: " + e.getMessage()));
    }
    Value doc;
    try {
      doc = JsonTree.parse(text);
    } catch (JsonTree.SyntaxError e) {
      throw new ConfigException(List.of(at(e.pos()) + e.getMessage()));
    }
    if (!(doc instanceof Obj obj)) {
      throw new ConfigException(List.of(at(doc.pos()) + "a config file must be a JSON object, not " + doc.kind()));
    }
    Map<String, Field> fields = obj.fields();
    Optional<Integer> format = fields.containsKey("format") ? integer(fields.get("format").value(), "format")
        : Optional.empty();
    boolean legacy = fields.keySet().stream().anyMatch(FORMAT_0_RENAMES::containsKey);
    if ((format.isEmpty() && legacy) || format.filter(f -> f < FORMAT).isPresent()) {
      throw new ConfigException(List.of(at(obj.pos()) + olderFormat(fields.keySet())));
    }
    if (format.filter(f -> f > FORMAT).isPresent()) {
      throw new ConfigException(List.of(at(fields.get("format").value().pos()) + "this config file is for a newer "
          + "jitguard (format " + format.get() + "); this one reads format " + FORMAT + ": update jitguard"));
    }
    if (!fields.containsKey("format")) {
      problems.add(at(obj.pos()) + "missing the required key 'format' (add \"format\": " + FORMAT + ")");
    }
    for (Field f : fields.values()) {
      if (!KEYS.contains(f.key())) {
        String hint = Suggestions.closest(f.key(), KEYS).map(k -> " (did you mean '" + k + "'?)").orElse("");
        problems.add(at(f.keyPos()) + "unknown key '" + f.key() + "'" + hint);
      }
    }
    Settings s = new Settings(
        get(fields, "targets").flatMap(v -> strings(v, "targets")),
        get(fields, "jobs").flatMap(v -> integer(v, "jobs")).filter(j -> positive(j, fields.get("jobs"))),
        get(fields, "outDir").flatMap(v -> string(v, "outDir")),
        get(fields, "strict").flatMap(v -> bool(v, "strict")),
        get(fields, "check").flatMap(v -> bool(v, "check")),
        get(fields, "verbose").flatMap(v -> bool(v, "verbose")),
        get(fields, "output").flatMap(v -> string(v, "output")).filter(o -> oneOf(o, fields.get("output"))),
        get(fields, "failOnWarnings").flatMap(v -> bool(v, "failOnWarnings")),
        get(fields, "remoteCache").flatMap(v -> string(v, "remoteCache")).filter(u -> httpUrl(u, fields.get("remoteCache"))));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return s;
  }

  private String olderFormat(Set<String> keys) {
    List<String> steps = new ArrayList<>();
    for (Map.Entry<String, String> r : FORMAT_0_RENAMES.entrySet()) {
      if (keys.contains(r.getKey())) {
        steps.add("rename '" + r.getKey() + "' to '" + r.getValue() + "'");
      }
    }
    steps.add("set \"format\": " + FORMAT);
    return "this config file was written for an older jitguard (format 0); this one reads format " + FORMAT
        + ". To update it: " + String.join(", ", steps);
  }

  private String at(Pos pos) {
    return file + ":" + pos.line() + ":" + pos.column() + ": error: ";
  }

  private static Optional<Value> get(Map<String, Field> fields, String key) {
    Field f = fields.get(key);
    return f == null ? Optional.empty() : Optional.of(f.value());
  }

  private Optional<Integer> integer(Value v, String key) {
    if (v instanceof JsonTree.Num n && n.integral()) {
      return Optional.of(n.value().intValue());
    }
    problems.add(at(v.pos()) + "'" + key + "' must be an integer, not " + v.kind());
    return Optional.empty();
  }

  private boolean positive(int j, Field f) {
    if (j < 1) {
      problems.add(at(f.value().pos()) + "'jobs' must be at least 1, not " + j);
      return false;
    }
    return true;
  }

  private boolean httpUrl(String url, Field f) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      problems.add(at(f.value().pos()) + "'remoteCache' must be an http:// or https:// URL, not '" + url + "'");
      return false;
    }
    return true;
  }

  private boolean oneOf(String o, Field f) {
    if (!OUTPUTS.contains(o)) {
      problems.add(at(f.value().pos()) + "'output' must be one of text, json, sarif, not '" + o + "'");
      return false;
    }
    return true;
  }

  private Optional<String> string(Value v, String key) {
    if (v instanceof JsonTree.Str s) {
      return Optional.of(s.value());
    }
    problems.add(at(v.pos()) + "'" + key + "' must be a string, not " + v.kind());
    return Optional.empty();
  }

  private Optional<Boolean> bool(Value v, String key) {
    if (v instanceof JsonTree.Bool b) {
      return Optional.of(b.value());
    }
    problems.add(at(v.pos()) + "'" + key + "' must be true or false, not " + v.kind());
    return Optional.empty();
  }

  private Optional<ImmutableList<String>> strings(Value v, String key) {
    if (!(v instanceof JsonTree.Arr a)) {
      problems.add(at(v.pos()) + "'" + key + "' must be an array of strings, not " + v.kind());
      return Optional.empty();
    }
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (Value item : a.items()) {
      string(item, key).ifPresent(out::add);
    }
    return Optional.of(out.build());
  }
}
