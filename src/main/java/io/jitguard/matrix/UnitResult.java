package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.nvrtc.CompilerDiagnostic;
import io.jitguard.plan.CompileUnit;
import java.util.Optional;

/**
 * What compiling one unit gave: the diagnostics in every case; on success the artifacts.
 *
 * @param failure why the unit failed, in one line (the first error), when it did
 * @param cubinPath path of the CUBIN relative to the output folder
 */
public record UnitResult(
    CompileUnit unit, boolean ok, Optional<String> failure, ImmutableList<CompilerDiagnostic> diagnostics,
    ImmutableList<String> options, ImmutableMap<String, String> loweredNames, Optional<String> cubinPath,
    long cubinBytes, Optional<String> cubinSha256, Optional<String> ptxPath, long millis) {}
