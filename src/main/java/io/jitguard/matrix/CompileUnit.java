package io.jitguard.matrix;

import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Variant;
import io.jitguard.targets.Target;

/** One NVRTC compilation of the matrix: a variant of a family, for one instantiation and target. */
public record CompileUnit(KernelFamily family, Variant variant, Instantiation instantiation, Target target) {

  /** {@code mla_decode/hopper[q=bf16,kv=bf16,o=bf16]@sm_90a}. */
  public String name() {
    return family.name() + "/" + variant.name() + "[" + instantiation.label() + "]@" + target.name();
  }

  public Slot slot() {
    return new Slot(family.name(), instantiation.label(), target);
  }

  /** A file-name-safe form of the instantiation label: {@code q-bf16.kv-bf16.o-bf16}. */
  public String fileStem() {
    String label = instantiation.label();
    return label.isEmpty() ? "default" : label.replace('=', '-').replace(',', '.');
  }
}
