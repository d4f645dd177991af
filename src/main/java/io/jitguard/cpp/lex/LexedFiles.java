package io.jitguard.cpp.lex;

import com.google.common.collect.ImmutableList;
import io.jitguard.source.SourceFile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each file lexed once per run, however many units include it: the tokens are kept without an
 * include trail and copied with the trail of each inclusion. Shared by the units of one check run
 * (one thread).
 */
public final class LexedFiles {
  /** A file's tokens and the problems its lexing met. */
  private record Lexed(ImmutableList<Token> tokens, ImmutableList<Lexer.Problem> problems) {}

  private final Map<SourceFile, Lexed> files = new IdentityHashMap<>();

  /** The file's tokens as included through {@code trail}. */
  public List<Token> tokens(SourceFile file, IncludeTrail trail) {
    Lexed l = lexed(file);
    if (trail == null) {
      return l.tokens();
    }
    List<Token> out = new ArrayList<>(l.tokens().size());
    for (Token t : l.tokens()) {
      out.add(t.withTrail(trail));
    }
    return out;
  }

  public List<Lexer.Problem> problems(SourceFile file) {
    return lexed(file).problems();
  }

  private Lexed lexed(SourceFile file) {
    return files.computeIfAbsent(file, f -> {
      Lexer lexer = new Lexer(f, null);
      ImmutableList<Token> toks = ImmutableList.copyOf(lexer.tokenize());
      return new Lexed(toks, ImmutableList.copyOf(lexer.problems()));
    });
  }
}
