package io.jitguard.matrix;

import io.jitguard.nvrtc.CompilerDiagnostic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of a matrix result, shared by {@code index.json} and {@code --format json}. */
public final class MatrixJson {
  private MatrixJson() {}

  public static Map<String, Object> header(MatrixResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("manifest", r.manifest().file().toString());
    m.put("nvrtcVersion", r.nvrtcVersion().toString());
    m.put("headers", r.headers().origin());
    m.put("targets", r.targets().stream().map(t -> t.name()).toList());
    return m;
  }

  public static Map<String, Object> unit(UnitResult u, boolean selected) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.unit().name());
    m.put("family", u.unit().family().name());
    m.put("variant", u.unit().variant().name());
    m.put("instantiation", u.unit().instantiation().label());
    m.put("templateArguments", u.unit().instantiation().types());
    m.put("target", u.unit().target().name());
    m.put("ok", u.ok());
    m.put("selected", selected);
    u.failure().ifPresent(f -> m.put("failure", f));
    u.cubinPath().ifPresent(p -> m.put("cubin", p));
    if (u.ok()) {
      m.put("cubinBytes", u.cubinBytes());
    }
    u.cubinSha256().ifPresent(s -> m.put("sha256", s));
    u.ptxPath().ifPresent(p -> m.put("ptx", p));
    m.put("loweredNames", u.loweredNames());
    m.put("options", u.options());
    m.put("compileMillis", u.millis());
    m.put("fromCache", u.fromCache());
    u.notCacheable().ifPresent(w -> m.put("notCacheable", w));
    u.sourceKey().ifPresent(k -> m.put("sourceKey", k));
    if (!u.signatures().isEmpty()) {
      m.put("signatures", io.jitguard.json.SignatureJson.write(u.signatures()));
    }
    if (!u.signatureProblems().isEmpty()) {
      m.put("signatureProblems", u.signatureProblems());
    }
    return m;
  }

  public static Map<String, Object> slot(SlotOutcome s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("family", s.slot().family());
    m.put("instantiation", s.slot().instantiation());
    m.put("target", s.slot().target().name());
    m.put("variant", s.selected().orElse(null));
    m.put("fallbacks", s.fallbacks().stream()
        .map(f -> Map.of("variant", f.variant(), "reason", f.reason())).toList());
    return m;
  }

  public static Map<String, Object> diagnostic(CompilerDiagnostic d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", d.file());
    m.put("line", d.line());
    m.put("column", d.column());
    m.put("severity", d.severity().spelling());
    m.put("number", d.number().orElse(null));
    m.put("message", d.message());
    m.put("instantiation", d.instantiation());
    d.bindings().ifPresent(b -> m.put("bindings", b));
    m.put("notes", d.notes().stream().map(MatrixJson::diagnostic).toList());
    return m;
  }

  public static Map<String, Object> group(DiagnosticGroup g) {
    Map<String, Object> m = diagnostic(g.diagnostic());
    m.put("occurrences", g.occurrences());
    m.put("targets", List.copyOf(g.targets()));
    m.put("instantiations", List.copyOf(g.instantiations()));
    m.put("variants", List.copyOf(g.variants()));
    m.put("fromCudaHeaders", g.fromToolkit());
    return m;
  }

  public static boolean isSelected(MatrixResult r, UnitResult u) {
    return r.slots().stream().anyMatch(s -> s.slot().equals(u.unit().slot())
        && s.selected().filter(v -> v.equals(u.unit().variant().name())).isPresent());
  }
}
