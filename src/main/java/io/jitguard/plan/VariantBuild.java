package io.jitguard.plan;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.Variant;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one variant of a family is built for one target: its source, the compiler options (the
 * manifest's, then the variant's), the include folders (the source's own, then the manifest's),
 * the macros those options define, the variants a slot falls back to, in order, when this
 * one fails, and the manifest's folder (where the build's relative names start). Checking reads it for the whole variant; compiling and the runtime per instantiation.
 */
public record VariantBuild(KernelFamily family, Variant variant, Target target, ImmutableList<String> options,
    ImmutableList<Path> includeDirs, ImmutableList<VariantKey> fallbacks, Path manifestRoot) {

  public VariantBuild {
    options = ImmutableList.copyOf(options);
    includeDirs = ImmutableList.copyOf(includeDirs);
    fallbacks = ImmutableList.copyOf(fallbacks);
  }

  /** The variant as the manifest declares it, for this target, falling back to these. */
  public static VariantBuild of(Manifest manifest, KernelFamily family, Variant variant, Target target,
      List<VariantKey> fallbacks) {
    List<String> options = new ArrayList<>(manifest.options());
    options.addAll(variant.options());
    List<Path> includes = new ArrayList<>();
    includes.add(variant.source().getParent());
    includes.addAll(manifest.includeDirs());
    return new VariantBuild(family, variant, target, ImmutableList.copyOf(options), ImmutableList.copyOf(includes),
        ImmutableList.copyOf(fallbacks), manifest.root());
  }

  public VariantKey key() {
    return new VariantKey(family.name(), variant.name());
  }

  public Path source() {
    return variant.source();
  }

  /** The first variant this one falls back to on its target. */
  public Optional<VariantKey> fallback() {
    return fallbacks.stream().findFirst();
  }

  /** {@code -DNAME} and {@code -DNAME=VALUE} among the options, later ones winning. */
  public ImmutableMap<String, String> defines() {
    return definesFrom(options);
  }

  /** Every instantiation of the family, in the family's order. */
  public ImmutableList<CompileUnit> units() {
    return family.instantiations().stream().map(i -> new CompileUnit(this, i)).collect(ImmutableList.toImmutableList());
  }

  public CompileUnit unit(Instantiation instantiation) {
    return new CompileUnit(this, instantiation);
  }

  /**
   * NVRTC's options for a CUBIN of this build: the target's architecture, the options, the
   * caller's {@code extra}, the include folders (as {@code display} writes them) and the CUDA
   * headers' own include options.
   */
  public ImmutableList<String> nvrtcOptions(List<String> extra, List<String> headerIncludes,
      Function<Path, String> display) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    out.add(target.cubinArchOption()).addAll(options).addAll(extra);
    includeDirs.forEach(d -> out.add("-I" + display.apply(d)));
    return out.addAll(headerIncludes).build();
  }

  /** {@code -DNAME} and {@code -DNAME=VALUE} among compiler options. */
  public static ImmutableMap<String, String> definesFrom(List<String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String o : options) {
      if (o.startsWith("-D") && o.length() > 2) {
        String d = o.substring(2);
        int eq = d.indexOf('=');
        out.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "1" : d.substring(eq + 1));
      }
    }
    return ImmutableMap.copyOf(out);
  }
}
