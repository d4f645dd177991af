package io.jitguard.cpp.pp;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;

/**
 * A macro definition: object-like ({@code params == null}) or function-like, possibly variadic
 * (the last parameter is {@code __VA_ARGS__} or a named pack).
 */
public record Macro(String name, ImmutableList<String> params, boolean variadic, ImmutableList<Token> body,
    Token definedAt) {
  public boolean functionLike() {
    return params != null;
  }

  /** Same definition: redefining a macro identically is allowed. */
  boolean sameAs(Macro o) {
    if (!java.util.Objects.equals(params, o.params) || variadic != o.variadic || body.size() != o.body.size()) {
      return false;
    }
    for (int i = 0; i < body.size(); i++) {
      if (!body.get(i).text().equals(o.body.get(i).text())) {
        return false;
      }
    }
    return true;
  }
}
