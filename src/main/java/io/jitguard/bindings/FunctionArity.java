package io.jitguard.bindings;

import io.jitguard.source.SourceLocation;

/** A C++ function's declaration, as a binding reaches it: where, and how many parameters it has. */
public record FunctionArity(SourceLocation at, String name, int params) {}
