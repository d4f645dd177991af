package io.jitguard.cpp.parse;

import io.jitguard.cpp.model.CudaNames;
import io.jitguard.cpp.model.StdNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the parser knows a name to be, which C++ needs to read {@code a < b} and {@code T * p}.
 * Names declared at namespace or class scope are kept by spelling alone (the parser does not
 * resolve scopes); names of blocks, parameters and template parameters are scoped and shadow
 * them. A name the parser has never seen declared is {@link Kind#UNKNOWN}: its header was not
 * available, and the syntax around it decides, as tolerant C++ front ends do.
 */
final class NameTable {
  enum Kind { TYPE, TYPE_TEMPLATE, VALUE, VALUE_TEMPLATE, NAMESPACE, CONCEPT, UNKNOWN;

    boolean isType() {
      return this == TYPE || this == TYPE_TEMPLATE;
    }

    /** A name whose '<' opens template arguments: class, alias, function and variable templates, concepts. */
    boolean isTemplate() {
      return this == TYPE_TEMPLATE || this == VALUE_TEMPLATE || this == CONCEPT;
    }
  }

  /** Words that never name a type or a variable. */
  static final Set<String> KEYWORDS = Set.of("alignas", "alignof", "asm", "auto", "bool", "break", "case", "catch",
      "char", "class", "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
      "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
      "mutable", "namespace", "new", "noexcept", "nullptr", "operator", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast",
      "struct", "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "while", "__asm__", "__asm", "__volatile__",
      "__attribute__", "__restrict__", "__restrict", "__forceinline__", "__device__", "__host__", "__global__",
      "__shared__", "__constant__", "__managed__", "__inline__", "__noinline__", "__grid_constant__", "NULL",
      "__launch_bounds__", "__align__", "__declspec", "wchar_t", "char8_t", "char16_t", "char32_t", "__int128",
      "_Alignof", "__alignof__", "__typeof__", "typeof", "concept");

  private final Map<String, EnumSet<Kind>> declared = new HashMap<>();
  /** The scoped names: for each, its bindings, innermost first (a lookup costs the same at any depth). */
  private final Map<String, Deque<Binding>> locals = new HashMap<>();
  /** For each open scope, innermost first, the names it binds. */
  private final Deque<List<String>> scopes = new ArrayDeque<>();
  private boolean usingStd;
  /** Grows with every change to what a name is, so a parse may be remembered while it stays put. */
  private long version;

  /** A declaration at namespace or class scope (or a block scope, when one is open and {@code local}). */
  void declare(String name, Kind kind) {
    if (name == null) {
      return;
    }
    version++;
    declared.computeIfAbsent(name, k -> EnumSet.noneOf(Kind.class)).add(kind);
  }

  /** A name of the innermost block, parameter list or template parameter list. */
  void declareLocal(String name, Kind kind) {
    if (name == null) {
      return;
    }
    if (scopes.isEmpty()) {
      declare(name, kind);
      return;
    }
    version++;
    int level = scopes.size();
    Deque<Binding> bindings = locals.computeIfAbsent(name, k -> new ArrayDeque<>());
    if (!bindings.isEmpty() && bindings.peek().level() == level) {
      bindings.pop(); // declared again in the same scope: the later kind holds
    } else {
      scopes.peek().add(name);
    }
    bindings.push(new Binding(level, kind));
  }

  private record Binding(int level, Kind kind) {}

  boolean inLocalScope() {
    return !scopes.isEmpty();
  }

  void push() {
    scopes.push(new ArrayList<>());
  }

  void pop() {
    List<String> names = scopes.pop();
    if (!names.isEmpty()) {
      version++;
    }
    for (String name : names) {
      Deque<Binding> bindings = locals.get(name);
      bindings.pop();
      if (bindings.isEmpty()) {
        locals.remove(name);
      }
    }
  }

  void usingNamespaceStd() {
    version++;
    usingStd = true;
  }

  /** Changes with every declaration, every scope that ends holding names, and {@code using namespace std}. */
  long version() {
    return version;
  }

  /** What an unqualified name is here. */
  Kind classify(String name) {
    Deque<Binding> bindings = locals.get(name);
    if (bindings != null) {
      return bindings.peek().kind();
    }
    Kind k = fromDeclared(name);
    if (k != Kind.UNKNOWN) {
      return k;
    }
    if (CudaNames.isType(name)) {
      return Kind.TYPE;
    }
    if (CudaNames.OPAQUE_TYPE_TEMPLATES.contains(name)) {
      return Kind.TYPE_TEMPLATE;
    }
    return usingStd ? fromStd(name) : Kind.UNKNOWN;
  }

  /** What the last component of {@code qualifier::name} is. */
  Kind classifyQualified(String qualifier, String name) {
    if (StdNames.isStdQualifier(qualifier)) {
      Kind k = fromStd(name);
      return k != Kind.UNKNOWN ? k : fromDeclared(name);
    }
    Kind k = fromDeclared(name);
    if (k == Kind.UNKNOWN && (CudaNames.isType(name) || CudaNames.OPAQUE_TYPE_TEMPLATES.contains(name))) {
      return CudaNames.isType(name) ? Kind.TYPE : Kind.TYPE_TEMPLATE;
    }
    return k;
  }

  /**
   * What a member name after '.' or '->' is: a template only where every declaration of the name
   * says so (the parser does not know the object's class); where some are templates and some not,
   * unknown, and the syntax decides.
   */
  Kind memberKind(String name) {
    EnumSet<Kind> ks = declared.get(name);
    if (ks == null || ks.isEmpty()) {
      return Kind.UNKNOWN;
    }
    boolean templates = ks.contains(Kind.VALUE_TEMPLATE) || ks.contains(Kind.TYPE_TEMPLATE);
    boolean plain = ks.contains(Kind.VALUE) || ks.contains(Kind.TYPE);
    return templates && plain ? Kind.UNKNOWN : templates ? Kind.VALUE_TEMPLATE : Kind.VALUE;
  }

  private Kind fromDeclared(String name) {
    EnumSet<Kind> ks = declared.get(name);
    if (ks == null || ks.isEmpty()) {
      return Kind.UNKNOWN;
    }
    if (ks.size() == 1) {
      return ks.iterator().next();
    }
    boolean types = ks.contains(Kind.TYPE) || ks.contains(Kind.TYPE_TEMPLATE);
    boolean values = ks.contains(Kind.VALUE) || ks.contains(Kind.VALUE_TEMPLATE);
    if (types && values) {
      return Kind.UNKNOWN; // both somewhere: the syntax decides
    }
    if (types) {
      return ks.contains(Kind.TYPE_TEMPLATE) ? Kind.TYPE_TEMPLATE : Kind.TYPE;
    }
    if (values) { // a value somewhere and a function or variable template elsewhere: the syntax decides
      return ks.contains(Kind.VALUE) && ks.contains(Kind.VALUE_TEMPLATE) ? Kind.UNKNOWN
          : ks.contains(Kind.VALUE_TEMPLATE) ? Kind.VALUE_TEMPLATE : Kind.VALUE;
    }
    return Kind.NAMESPACE;
  }

  private static Kind fromStd(String name) {
    if (StdNames.TYPE_TEMPLATES.contains(name)) {
      return Kind.TYPE_TEMPLATE;
    }
    if (StdNames.TYPES.contains(name)) {
      return Kind.TYPE;
    }
    if (StdNames.VALUE_TEMPLATES.contains(name)) {
      return Kind.VALUE_TEMPLATE;
    }
    return Kind.UNKNOWN;
  }
}
