package io.jitguard.matrix;

import com.google.common.collect.ImmutableSortedSet;
import io.jitguard.nvrtc.CompilerDiagnostic;

/**
 * One distinct diagnostic (same place, severity, number and message) and everywhere it came from:
 * however many units, instantiations, targets or macro expansions repeat it, it is printed once.
 *
 * @param occurrences how many times the compiler printed it, over all units
 * @param fromToolkit whether it sits in a CUDA header rather than the user's sources
 */
public record DiagnosticGroup(
    CompilerDiagnostic diagnostic, int occurrences, ImmutableSortedSet<String> targets,
    ImmutableSortedSet<String> instantiations, ImmutableSortedSet<String> variants, boolean fromToolkit) {}
