package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.lex.Token;

/** Declarations. A declaration inside {@code template <...>} carries those parameters. */
public sealed interface Decl {
  Token start();

  /** A template parameter; {@code defaultArg} is what {@code = ...} gives it, or null. */
  record TemplateParam(Token start, Kind kind, String name, boolean pack, TemplateArg defaultArg, TypeSpec valueType) {
    public enum Kind { TYPE, VALUE, TEMPLATE }

    public boolean hasDefault() {
      return defaultArg != null;
    }
  }

  record Namespace(Token start, String name, ImmutableList<Decl> decls) implements Decl {}

  /** {@code namespace cfg = a::b;}. */
  record NamespaceAlias(Token start, String name, QualifiedName target) implements Decl {}

  record UsingNamespace(Token start, QualifiedName target) implements Decl {}

  record UsingName(Token start, QualifiedName target) implements Decl {}

  /** {@code using Name = Type;} or {@code typedef Type Name;}. */
  record Alias(Token start, String name, TypeSpec type, ImmutableList<TemplateParam> templateParams) implements Decl {}

  /**
   * A struct, class or union. {@code name} is the declarator as written ({@code ns::vec_t<float, 4>} for
   * an explicit specialization declared outside its namespace); {@code specializationArgs} are the
   * arguments of a partial or explicit specialization, null for a primary template or a plain class.
   * {@code alignas} is the argument of {@code alignas(...)} or {@code __align__(...)} on the class, or
   * null ({@link Expr.Unknown} where it was there but not an expression).
   */
  record Record(Token start, String keyword, QualifiedName name, ImmutableList<TemplateParam> templateParams,
      ImmutableList<TemplateArg> specializationArgs, ImmutableList<Base> bases, ImmutableList<Decl> members,
      boolean definition, Expr alignas) implements Decl {
    public String simpleName() {
      return name == null ? null : name.lastName();
    }

    public boolean isSpecialization() {
      return specializationArgs != null;
    }
  }

  /** A base class as written, {@code public Base<T>}. */
  record Base(Token start, TypeSpec type) {}

  /** An enumeration; {@code scoped} for {@code enum class}. */
  record Enum(Token start, String name, boolean scoped, TypeSpec underlying, ImmutableList<Enumerator> enumerators)
      implements Decl {}

  /** One enumerator and its written value (null: one more than the previous). */
  record Enumerator(Token start, String name, Expr value) implements Decl {}

  /**
   * A data member; {@code init} is its default member initializer or a static member's value.
   * {@code arrayExtents} are its array bounds as written, outermost first ({@link Expr.Unknown} for
   * {@code []} or a bound the parser could not read), {@code alignas} as on {@link Record}.
   */
  record Field(Token start, String name, TypeSpec type, Expr init, boolean isStatic, boolean isConstexpr,
      ImmutableList<Expr> arrayExtents, Expr alignas) implements Decl {}

  record Param(Token start, String name, TypeSpec type, boolean hasDefault) implements Decl {
    public boolean pack() {
      return type.pack();
    }
  }

  /** {@code : member(args)} or {@code : Base{args}} before a constructor's body. */
  record MemInit(Token start, QualifiedName member, ImmutableList<Expr> args, boolean braced) {}

  /**
   * A function or method, declared or defined. {@code start} is the token of its name, where
   * notes about its declaration point. Constructors have no return type and may carry member
   * initialisers; operators are named as written ({@code operator()}).
   */
  record Function(Token start, QualifiedName name, TypeSpec returnType, ImmutableList<Param> params,
      boolean cVariadic, ImmutableList<TemplateParam> templateParams, ImmutableSet<String> qualifiers,
      Stmt.Block body, boolean method, Kind kind, ImmutableList<MemInit> memInits) implements Decl {

    public enum Kind { FUNCTION, CONSTRUCTOR, DESTRUCTOR, OPERATOR, CONVERSION }

    public Function(Token start, QualifiedName name, TypeSpec returnType, ImmutableList<Param> params,
        boolean cVariadic, ImmutableList<TemplateParam> templateParams, ImmutableSet<String> qualifiers,
        Stmt.Block body, boolean method) {
      this(start, name, returnType, params, cVariadic, templateParams, qualifiers, body, method, Kind.FUNCTION,
          ImmutableList.of());
    }

    public boolean isTemplate() {
      return templateParams != null && !templateParams.isEmpty();
    }

    /** {@code template <> void f<float>(...)}: an explicit specialization. */
    public boolean isExplicitSpecialization() {
      return templateParams != null && templateParams.isEmpty();
    }

    public boolean isStatic() {
      return qualifiers != null && qualifiers.contains("static");
    }

    /** Fewest arguments a call needs: parameters before the first default or pack. */
    public int minArgs() {
      int n = 0;
      for (Param p : params) {
        if (p.hasDefault() || p.pack()) {
          break;
        }
        n++;
      }
      return n;
    }

    /** Most arguments a call may pass, or -1 for no limit (a pack or C varargs). */
    public int maxArgs() {
      if (cVariadic || params.stream().anyMatch(Param::pack)) {
        return -1;
      }
      return params.size();
    }

    /** Whether a call with {@code n} arguments can reach this declaration. */
    public boolean accepts(int n) {
      return minArgs() <= n && (maxArgs() < 0 || n <= maxArgs());
    }
  }

  /**
   * A variable; {@code templateParams} for a variable template. {@code init} is the initialiser:
   * an expression ({@code = e}), an {@link Expr.InitList} ({@code {...}} or {@code = {...}}), or a
   * {@code construct} {@link Expr.Cast} for {@code T x(args)}.
   */
  record Var(Token start, String name, TypeSpec type, Expr init, boolean isConstexpr,
      ImmutableList<TemplateParam> templateParams) implements Decl {
    public Var(Token start, String name, TypeSpec type, Expr init) {
      this(start, name, type, init, false, null);
    }
  }

  /** {@code template __global__ void k<float>(float*);}: an explicit instantiation definition. */
  record ExplicitInstantiation(Token start, QualifiedName name) implements Decl {}

  record Skipped(Token start, Token end, String reason) implements Decl {}
}
