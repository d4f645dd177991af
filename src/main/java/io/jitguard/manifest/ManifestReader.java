package io.jitguard.manifest;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.json.JsonTree;
import io.jitguard.json.Suggestions;
import io.jitguard.json.JsonTree.Arr;
import io.jitguard.json.JsonTree.Field;
import io.jitguard.json.JsonTree.Num;
import io.jitguard.json.JsonTree.Obj;
import io.jitguard.json.JsonTree.Pos;
import io.jitguard.json.JsonTree.Str;
import io.jitguard.json.JsonTree.Value;
import io.jitguard.targets.Target;
import io.jitguard.targets.TargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code manifest.json} strictly: an unknown key, a value of the wrong type, a missing
 * required key or a file that does not exist is reported with file, line and column. Every
 * problem in the file is collected before failing, so one run shows them all.
 */
public final class ManifestReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Path file;
  private final Path root;
  private final List<ManifestProblem> problems = new ArrayList<>();

  private ManifestReader(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.root = this.file.getParent();
  }

  /**
   * @throws ManifestException with every problem found
   */
  public static Manifest read(Path file) {
    return new ManifestReader(file).readFile();
  }

  private Manifest readFile() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ManifestException(List.of(new ManifestProblem(file, 1, 1,
          Files.exists(file) ? "cannot read manifest: " + e.getMessage() : "manifest not found")));
    }
    Value doc;
    try {
      doc = JsonTree.parse(text);
    } catch (JsonTree.SyntaxError e) {
      throw new ManifestException(List.of(new ManifestProblem(file, e.pos().line(), e.pos().column(), e.getMessage())));
    }
    Manifest manifest = bindManifest(doc);
    if (!problems.isEmpty() || manifest == null) {
      throw new ManifestException(problems);
    }
    return manifest;
  }

  private Manifest bindManifest(Value doc) {
    Optional<Keys> top = object(doc, "manifest");
    if (top.isEmpty()) {
      return null;
    }
    Keys k = top.get();
    k.allow("format", "description", "defaultTargets", "includeDirs", "options", "types", "families", "bindings");
    k.get("format").ifPresent(v -> {
      OptionalInt format = integer(v, "'format'");
      if (format.isPresent() && format.getAsInt() != Manifest.FORMAT) {
        problem(v.pos(), "unsupported manifest format " + format.getAsInt() + ": this jitguard reads format "
            + Manifest.FORMAT);
      }
    });
    k.get("description").ifPresent(v -> string(v, "'description'"));
    List<Target> targets = new ArrayList<>();
    k.require("defaultTargets").ifPresent(v -> strings(v, "'defaultTargets'").forEach(s -> {
      try {
        targets.add(Target.parse(s.value()));
      } catch (TargetException e) {
        problem(s.pos(), e.getMessage());
      }
    }));
    List<Path> includes = new ArrayList<>();
    k.get("includeDirs").ifPresent(v -> strings(v, "'includeDirs'").forEach(s -> {
      Path dir = root.resolve(s.value()).normalize();
      if (!Files.isDirectory(dir)) {
        problem(s.pos(), "include folder '" + s.value() + "' does not exist (looked for " + dir + ")");
      }
      includes.add(dir);
    }));
    List<String> options = k.get("options").map(v -> strings(v, "'options'").stream().map(Str::value).toList())
        .orElse(List.of());
    Map<String, String> types = new LinkedHashMap<>();
    k.get("types").flatMap(v -> object(v, "'types'")).ifPresent(tk -> {
      for (Field f : tk.obj.fields().values()) {
        string(f.value(), "type '" + f.key() + "'").ifPresent(s -> types.put(f.key(), s.value()));
      }
    });
    List<KernelFamily> families = new ArrayList<>();
    Set<String> familyNames = new HashSet<>();
    k.require("families").flatMap(v -> array(v, "'families'")).ifPresent(arr -> {
      if (arr.items().isEmpty()) {
        problem(arr.pos(), "'families' is empty: declare at least one kernel family");
      }
      for (Value item : arr.items()) {
        bindFamily(item, types).ifPresent(fam -> {
          if (!familyNames.add(fam.name())) {
            problem(item.pos(), "duplicate family '" + fam.name() + "'");
          }
          families.add(fam);
        });
      }
    });
    List<Manifest.BindingGroup> bindings = new ArrayList<>();
    k.get("bindings").flatMap(v -> array(v, "'bindings'")).ifPresent(arr -> {
      for (Value item : arr.items()) {
        object(item, "binding group").ifPresent(bk -> {
          bk.allow("sources", "python");
          List<Path> sources = existingFiles(bk.require("sources"), "'sources'");
          List<Path> python = existingFiles(bk.require("python"), "'python'");
          bk.finish();
          bindings.add(new Manifest.BindingGroup(ImmutableList.copyOf(sources), ImmutableList.copyOf(python)));
        });
      }
    });
    k.finish();
    return new Manifest(file, ImmutableList.copyOf(targets), ImmutableList.copyOf(includes),
        ImmutableList.copyOf(options), ImmutableList.copyOf(families), ImmutableList.copyOf(bindings));
  }

  private List<Path> existingFiles(Optional<Value> v, String what) {
    List<Path> out = new ArrayList<>();
    v.ifPresent(val -> {
      List<Str> list = strings(val, what);
      if (list.isEmpty() && val instanceof Arr) {
        problem(val.pos(), what + " is empty: name at least one file");
      }
      for (Str s : list) {
        Path p = root.resolve(s.value()).normalize();
        if (!Files.isRegularFile(p)) {
          problem(s.pos(), "file '" + s.value() + "' in " + what + " does not exist (looked for " + p + ")");
        } else {
          out.add(p);
        }
      }
    });
    return out;
  }

  private Optional<KernelFamily> bindFamily(Value v, Map<String, String> types) {
    Optional<Keys> ok = object(v, "family");
    if (ok.isEmpty()) {
      return Optional.empty();
    }
    Keys k = ok.get();
    k.allow("name", "description", "axes", "variants");
    String name = k.require("name").flatMap(n -> name(n, "family 'name'")).orElse("?");
    String description = k.get("description").flatMap(d -> string(d, "'description'")).map(Str::value).orElse("");
    List<Axis> axes = new ArrayList<>();
    Set<String> params = new HashSet<>();
    k.require("axes").flatMap(a -> array(a, "'axes'")).ifPresent(arr -> {
      for (Value item : arr.items()) {
        bindAxis(item, types).ifPresent(axis -> {
          if (!params.add(axis.param())) {
            problem(item.pos(), "duplicate axis '" + axis.param() + "' in family '" + name + "'");
          }
          axes.add(axis);
        });
      }
    });
    List<Variant> variants = new ArrayList<>();
    Set<String> variantNames = new HashSet<>();
    k.require("variants").flatMap(a -> array(a, "'variants'")).ifPresent(arr -> {
      if (arr.items().isEmpty()) {
        problem(arr.pos(), "family '" + name + "' has no variants");
      }
      for (Value item : arr.items()) {
        bindVariant(item, params).ifPresent(variant -> {
          if (!variantNames.add(variant.name())) {
            problem(item.pos(), "duplicate variant '" + variant.name() + "' in family '" + name + "'");
          }
          variants.add(variant);
        });
      }
    });
    k.finish();
    return Optional.of(new KernelFamily(name, description, ImmutableList.copyOf(axes),
        ImmutableList.copyOf(variants), ImmutableMap.copyOf(types)));
  }

  private Optional<Axis> bindAxis(Value v, Map<String, String> types) {
    Optional<Keys> ok = object(v, "axis");
    if (ok.isEmpty()) {
      return Optional.empty();
    }
    Keys k = ok.get();
    k.allow("param", "label", "values");
    Optional<String> param = k.require("param").flatMap(p -> name(p, "axis 'param'"));
    Optional<String> label = k.require("label").flatMap(p -> name(p, "axis 'label'"));
    List<String> values = new ArrayList<>();
    k.require("values").ifPresent(vals -> {
      List<Str> list = strings(vals, "axis 'values'");
      if (list.isEmpty() && vals instanceof Arr) {
        problem(vals.pos(), "axis 'values' is empty");
      }
      list.forEach(s -> values.add(s.value()));
    });
    k.finish();
    if (param.isEmpty() || label.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Axis(param.get(), label.get(), ImmutableList.copyOf(values)));
  }

  private Optional<Variant> bindVariant(Value v, Set<String> params) {
    Optional<Keys> ok = object(v, "variant");
    if (ok.isEmpty()) {
      return Optional.empty();
    }
    Keys k = ok.get();
    k.allow("name", "description", "source", "entryPoints", "minSm", "maxSm", "options");
    Optional<String> name = k.require("name").flatMap(n -> name(n, "variant 'name'"));
    k.get("description").ifPresent(d -> string(d, "'description'"));
    Optional<Path> source = k.require("source").flatMap(s -> string(s, "'source'")).flatMap(s -> {
      Path p = root.resolve(s.value()).normalize();
      if (!Files.isRegularFile(p)) {
        problem(s.pos(), "source file '" + s.value() + "' does not exist (looked for " + p + ")");
        return Optional.empty();
      }
      return Optional.of(p);
    });
    List<String> entries = new ArrayList<>();
    k.require("entryPoints").ifPresent(e -> {
      List<Str> list = strings(e, "'entryPoints'");
      if (list.isEmpty() && e instanceof Arr) {
        problem(e.pos(), "'entryPoints' is empty: name at least one kernel");
      }
      for (Str s : list) {
        Matcher m = Instantiation.PLACEHOLDER.matcher(s.value());
        while (m.find()) {
          if (!params.contains(m.group(1))) {
            problem(s.pos(), "entry point '" + s.value() + "' uses '{" + m.group(1)
                + "}', which is not an axis of this family" + (params.isEmpty() ? "" : " (axes: "
                + String.join(", ", params) + ")"));
          }
        }
        entries.add(s.value());
      }
    });
    OptionalInt minSm = k.require("minSm").map(m -> sm(m, "'minSm'")).orElse(OptionalInt.empty());
    OptionalInt maxSm = k.get("maxSm").map(m -> sm(m, "'maxSm'")).orElse(OptionalInt.empty());
    if (minSm.isPresent() && maxSm.isPresent() && maxSm.getAsInt() < minSm.getAsInt()) {
      problem(k.get("maxSm").get().pos(), "'maxSm' " + maxSm.getAsInt() + " is below 'minSm' " + minSm.getAsInt());
    }
    List<String> options = k.get("options").map(o -> strings(o, "'options'").stream().map(Str::value).toList())
        .orElse(List.of());
    k.finish();
    if (name.isEmpty() || source.isEmpty() || minSm.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Variant(name.get(), source.get(), ImmutableList.copyOf(entries), minSm.getAsInt(),
        maxSm, ImmutableList.copyOf(options)));
  }

  // ---- typed access, each reporting a located problem on mismatch ----

  private OptionalInt sm(Value v, String what) {
    OptionalInt i = integer(v, what);
    if (i.isPresent() && (i.getAsInt() < 10 || i.getAsInt() > 999)) {
      problem(v.pos(), what + " must be an SM number such as 80 or 90, not " + i.getAsInt());
      return OptionalInt.empty();
    }
    return i;
  }

  private OptionalInt integer(Value v, String what) {
    if (v instanceof Num n && n.integral()) {
      return OptionalInt.of(n.value().intValue());
    }
    problem(v.pos(), what + " must be an integer, not " + describe(v));
    return OptionalInt.empty();
  }

  private Optional<Str> string(Value v, String what) {
    if (v instanceof Str s) {
      return Optional.of(s);
    }
    problem(v.pos(), what + " must be a string, not " + describe(v));
    return Optional.empty();
  }

  private Optional<String> name(Value v, String what) {
    return string(v, what).flatMap(s -> {
      if (!NAME.matcher(s.value()).matches()) {
        problem(s.pos(), what + " '" + s.value() + "' must be an identifier (letters, digits, '_', '.', '-')");
        return Optional.empty();
      }
      return Optional.of(s.value());
    });
  }

  private List<Str> strings(Value v, String what) {
    Optional<Arr> arr = array(v, what);
    List<Str> out = new ArrayList<>();
    arr.ifPresent(a -> a.items().forEach(item -> string(item, "each of " + what).ifPresent(out::add)));
    return out;
  }

  private Optional<Arr> array(Value v, String what) {
    if (v instanceof Arr a) {
      return Optional.of(a);
    }
    problem(v.pos(), what + " must be an array, not " + describe(v));
    return Optional.empty();
  }

  private Optional<Keys> object(Value v, String what) {
    if (v instanceof Obj o) {
      return Optional.of(new Keys(o, what));
    }
    problem(v.pos(), what + " must be an object, not " + describe(v));
    return Optional.empty();
  }

  private static String describe(Value v) {
    if (v instanceof Str s) {
      return "the string \"" + s.value() + "\"";
    }
    if (v instanceof Num n) {
      return "the " + v.kind() + " " + n.value();
    }
    return v.kind().startsWith("a") || v.kind().startsWith("o") ? "an " + v.kind() : "a " + v.kind();
  }

  private void problem(Pos pos, String message) {
    problems.add(new ManifestProblem(file, pos.line(), pos.column(), message));
  }

  /** The keys of one object: which are allowed, which were read; the rest are reported as unknown. */
  private final class Keys {
    final Obj obj;
    final String what;
    final List<String> allowed = new ArrayList<>();

    Keys(Obj obj, String what) {
      this.obj = obj;
      this.what = what;
    }

    void allow(String... keys) {
      allowed.addAll(List.of(keys));
    }

    Optional<Value> get(String key) {
      Field f = obj.fields().get(key);
      return f == null ? Optional.empty() : Optional.of(f.value());
    }

    Optional<Value> require(String key) {
      Optional<Value> v = get(key);
      if (v.isEmpty()) {
        problem(obj.pos(), what + " is missing the required key '" + key + "'");
      }
      return v;
    }

    void finish() {
      for (Field f : obj.fields().values()) {
        if (!allowed.contains(f.key())) {
          String hint = closest(f.key(), allowed).map(c -> " (did you mean '" + c + "'?)").orElse("");
          problem(f.keyPos(), "unknown key '" + f.key() + "' in " + what + hint);
        }
      }
    }
  }

  /** The allowed key within edit distance 2 of {@code key}, if any. */
  static Optional<String> closest(String key, List<String> allowed) {
    return Suggestions.closest(key, allowed);
  }
}
