package io.jitguard.cpp.lex;

/** How a file was reached: the {@code #include} token's file and line, and how that file was reached. */
public record IncludeTrail(Token directive, IncludeTrail parent) {}
