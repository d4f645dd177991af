package io.jitguard.gpu;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckPlan;
import io.jitguard.check.Checker;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.nvrtc.CubinParameters;
import io.jitguard.plan.CompileUnit;
import io.jitguard.plan.UnitKey;
import io.jitguard.source.SourceCache;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a typed launch checks its arguments against: each prepared kernel's signature, from the
 * prebuilt index it came with, else worked out by the front end from its sources (once per compile
 * unit), and in either case confirmed against the parameters its CUBIN declares, once per loaded
 * module, so that a launch in a timed loop pays one lookup.
 */
final class LaunchSignatures {
  /** A kernel ready for typed launches: its function and its confirmed signature. */
  record Entry(CudaDriver.Function function, KernelSignature signature) {}

  /** A kernel of a loaded module, by the name a launch gave. */
  private record Key(CudaDriver.Module module, String kernel) {}

  private final Map<Key, Entry> confirmed = new ConcurrentHashMap<>();
  private final Map<UnitKey, ImmutableMap<String, KernelSignature>> frontEnd = new HashMap<>();

  /** @throws LaunchCheck.LaunchArgumentException when the signature cannot be known or disagrees with the CUBIN */
  Entry of(KernelRuntime.Prepared p, String kernel) {
    return confirmed.computeIfAbsent(new Key(p.module(), kernel), k -> confirm(p, p.entryTemplate(kernel)));
  }

  private Entry confirm(KernelRuntime.Prepared p, String template) {
    KernelRuntime.LaunchFacts facts = p.launchFacts();
    String expression = facts.unit().nameExpressions().get(template);
    KernelSignature sig = facts.signatures().get(expression);
    if (sig == null) {
      sig = frontEnd(facts.unit()).get(expression);
    }
    if (sig == null) {
      throw new LaunchCheck.LaunchArgumentException("cannot launch '" + expression + "': jitguard's front end "
          + "could not resolve its parameters from " + facts.unit().variant().source());
    }
    String lowered = facts.loweredNames().get(expression);
    Optional<ImmutableList<CubinParameters.Param>> compiled = facts.compiledParams().map(c -> c.get(lowered));
    if (compiled.isPresent()) {
      Optional<String> disagreement = sig.disagreement(compiled.get().stream()
          .map(c -> new KernelSignature.Placement(c.offset(), c.size())).toList());
      if (disagreement.isPresent()) {
        throw new LaunchCheck.LaunchArgumentException("cannot launch '" + expression + "': jitguard's front end and "
            + "the compiled kernel disagree on its parameters: " + disagreement.get());
      }
    }
    return new Entry(p.kernel(template), sig);
  }

  private synchronized ImmutableMap<String, KernelSignature> frontEnd(CompileUnit unit) {
    ImmutableMap<String, KernelSignature> known = frontEnd.get(unit.key());
    if (known == null) {
      Checker.Result r = new Checker(new SourceCache(), Map.of(), List.of()).run(List.of(CheckPlan.forBuild(
          unit.build())));
      r.signatures().forEach(frontEnd::put);
      known = frontEnd.getOrDefault(unit.key(), ImmutableMap.of());
    }
    return known;
  }
}
