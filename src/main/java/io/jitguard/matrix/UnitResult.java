package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.nvrtc.CompilerDiagnostic;
import io.jitguard.plan.CompileUnit;
import java.util.Optional;

/**
 * What compiling one unit gave: the diagnostics in every case; on success the artifacts.
 *
 * @param failure why the unit failed, in one line (the first error), when it did
 * @param cubinPath path of the CUBIN relative to the output folder
 * @param millis the compile's time (for a unit from the cache, the time its compile took when it was stored)
 * @param fromCache whether the artifacts came from the kernel cache, with no compile
 * @param notCacheable why the unit has no cache key, when it has none (it is compiled and not kept)
 * @param sourceKey what a runtime must match to load this CUBIN instead of compiling (CacheKeys.sourceKeyOf)
 * @param signatures each entry point's parameters (by name expression), as the front end found them and the
 *     CUBIN confirmed them; none for a unit compiled without the check
 * @param signatureProblems entry points whose parameters the front end and the CUBIN disagree on, and how
 * @param placements each kernel's parameters as its CUBIN declares them (offset and size), by lowered name;
 *     empty when the CUBIN could not be read that way
 */
public record UnitResult(
    CompileUnit unit, boolean ok, Optional<String> failure, ImmutableList<CompilerDiagnostic> diagnostics,
    ImmutableList<String> options, ImmutableMap<String, String> loweredNames, Optional<String> cubinPath,
    long cubinBytes, Optional<String> cubinSha256, Optional<String> ptxPath, long millis, boolean fromCache,
    Optional<String> notCacheable, Optional<String> sourceKey, ImmutableMap<String, KernelSignature> signatures,
    ImmutableMap<String, String> signatureProblems,
    ImmutableMap<String, ImmutableList<KernelSignature.Placement>> placements) {

  /** A unit that failed before or in its compile. */
  static UnitResult failed(CompileUnit unit, String why, ImmutableList<CompilerDiagnostic> diagnostics,
      ImmutableList<String> options, long millis) {
    return new UnitResult(unit, false, Optional.of(why), diagnostics, options, ImmutableMap.of(), Optional.empty(), 0,
        Optional.empty(), Optional.empty(), millis, false, Optional.empty(), Optional.empty(), ImmutableMap.of(),
        ImmutableMap.of(), ImmutableMap.of());
  }

  /** This result with the entry points' signatures the CUBIN confirmed, and those it did not. */
  UnitResult withSignatures(ImmutableMap<String, KernelSignature> confirmed, ImmutableMap<String, String> problems) {
    return new UnitResult(unit, ok, failure, diagnostics, options, loweredNames, cubinPath, cubinBytes, cubinSha256,
        ptxPath, millis, fromCache, notCacheable, sourceKey, confirmed, problems, placements);
  }
}
