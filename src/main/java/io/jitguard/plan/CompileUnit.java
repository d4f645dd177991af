package io.jitguard.plan;

import com.google.common.collect.ImmutableMap;
import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Variant;
import io.jitguard.targets.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/** One NVRTC compilation: a variant built for a target (its options and folders), at one instantiation. */
public record CompileUnit(VariantBuild build, Instantiation instantiation) {

  public UnitKey key() {
    return new UnitKey(build.key(), instantiation.label(), build.target());
  }

  public KernelFamily family() {
    return build.family();
  }

  public Variant variant() {
    return build.variant();
  }

  public Target target() {
    return build.target();
  }

  public Slot slot() {
    return key().slot();
  }

  /** {@code mla_decode/hopper[q=bf16,kv=bf16,o=bf16]@sm_90a}. */
  public String name() {
    return key().toString();
  }

  /** Each entry-point template of the variant and its name expression at this instantiation, in order. */
  public ImmutableMap<String, String> nameExpressions() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : variant().entryPoints()) {
      out.put(entry, instantiation.expand(entry));
    }
    return ImmutableMap.copyOf(out);
  }

  /** A file-name-safe form of the instantiation label: {@code q-bf16.kv-bf16.o-bf16}. */
  public String fileStem() {
    String label = instantiation.label();
    return label.isEmpty() ? "default" : label.replace('=', '-').replace(',', '.');
  }
}
