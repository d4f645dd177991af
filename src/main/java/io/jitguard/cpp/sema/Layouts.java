package io.jitguard.cpp.sema;

import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The size and alignment of a type as NVRTC lays it out on every target (LP64, as CUDA's device
 * code is): builtins, pointers, enumerations, the CUDA element and vector types, and classes whose
 * members are all of those, with their array bounds and {@code alignas}. Nothing is guessed: a base
 * class, a member of a type it cannot size, or a bound it cannot evaluate leaves the layout unknown.
 */
final class Layouts {
  /** Bytes and alignment of one type. */
  record Layout(long size, long align) {}

  /** Classes nested deeper than this are not laid out (a class cannot contain itself; this bounds the work). */
  private static final int MAX_DEPTH = 64;

  private final TypeResolver resolver;
  private final ConstantEvaluator constants;
  private final Members members;
  private final Map<Decl.Record, Map<String, Optional<Layout>>> records = new IdentityHashMap<>();

  Layouts(TypeResolver resolver, ConstantEvaluator constants, Members members) {
    this.resolver = resolver;
    this.constants = constants;
    this.members = members;
  }

  Optional<Layout> of(Type t) {
    return of(t, 0);
  }

  private Optional<Layout> of(Type t, int depth) {
    if (depth > MAX_DEPTH) {
      return Optional.empty();
    }
    Type s = t.strip();
    if (s instanceof Type.Pointer || s instanceof Type.NullPtr) {
      return Optional.of(new Layout(8, 8));
    }
    if (s instanceof Type.Builtin || s instanceof Type.Named n && n.cudaType()) {
      OptionalLong size = ConstantEvaluator.sizeOf(s);
      if (size.isEmpty()) {
        return Optional.empty();
      }
      return cudaAlignment(s.canonical(), size.getAsLong()).map(a -> new Layout(size.getAsLong(), a));
    }
    if (s instanceof Type.Enumeration e) {
      if (e.decl() == null || e.decl().underlying() == null) {
        return Optional.of(new Layout(4, 4));
      }
      return of(resolver.resolve(e.decl().underlying(), Env.of(resolver.table().global())), depth + 1);
    }
    if (s instanceof Type.Named n && n.decl() != null && n.decl().definition() && n.known()) {
      return record(n, depth);
    }
    return Optional.empty();
  }

  /** The alignment of a builtin or modelled CUDA type of this size, where every target agrees. */
  private static Optional<Long> cudaAlignment(String canonical, long size) {
    switch (canonical) {
      case "long double", "__int128", "unsigned __int128":
        return Optional.of(16L);
      case "dim3", "uint3", "int3", "float3":
        return Optional.of(4L);
      case "char3", "uchar3":
        return Optional.of(1L);
      case "short3", "ushort3":
        return Optional.of(2L);
      case "longlong3", "ulonglong3", "double3":
        return Optional.of(8L);
      case "longlong4", "ulonglong4", "double4": // 16 or 32 by header version: not fixed
        return Optional.empty();
      default:
        return Long.bitCount(size) == 1 ? Optional.of(size) : Optional.empty();
    }
  }

  private Optional<Layout> record(Type.Named n, int depth) {
    String key = n.canonical();
    Map<String, Optional<Layout>> byArgs = records.computeIfAbsent(n.decl(), d -> new java.util.HashMap<>());
    Optional<Layout> cached = byArgs.get(key);
    if (cached != null) {
      return cached;
    }
    byArgs.put(key, Optional.empty()); // a class that contains itself through its arguments has no layout
    Optional<Layout> out = layOut(n, depth);
    byArgs.put(key, out);
    return out;
  }

  private Optional<Layout> layOut(Type.Named n, int depth) {
    Decl.Record r = n.decl();
    if (!r.bases().isEmpty()) {
      return Optional.empty(); // base subobjects and their padding rules: not modelled
    }
    Env env = members.envOf(n);
    boolean union = r.keyword().equals("union");
    long size = 0;
    long align = 1;
    for (Decl m : r.members()) {
      if (!(m instanceof Decl.Field f) || f.isStatic()) {
        continue;
      }
      Type ft;
      try {
        ft = resolver.resolve(f.type(), env);
      } catch (AnalysisLimit e) {
        return Optional.empty();
      }
      while (ft.strip() instanceof Type.Array a) {
        ft = a.element();
      }
      Optional<Layout> element = of(ft, depth + 1);
      if (element.isEmpty()) {
        return Optional.empty();
      }
      long count = 1;
      for (Expr extent : f.arrayExtents()) {
        OptionalLong v = extent instanceof Expr.Unknown ? OptionalLong.empty() : constants.evaluate(extent, env);
        if (v.isEmpty() || v.getAsLong() < 0) {
          return Optional.empty();
        }
        count = Math.multiplyExact(count, v.getAsLong());
      }
      long fieldAlign = element.get().align();
      if (f.alignas() != null) {
        Optional<Long> a = alignment(f.alignas(), env);
        if (a.isEmpty()) {
          return Optional.empty();
        }
        fieldAlign = Math.max(fieldAlign, a.get());
      }
      long fieldSize = Math.multiplyExact(element.get().size(), count);
      align = Math.max(align, fieldAlign);
      size = union ? Math.max(size, fieldSize) : roundUp(size, fieldAlign) + fieldSize;
    }
    if (r.alignas() != null) {
      Optional<Long> a = alignment(r.alignas(), env);
      if (a.isEmpty()) {
        return Optional.empty();
      }
      align = Math.max(align, a.get());
    }
    return Optional.of(new Layout(Math.max(1, roundUp(size, align)), align));
  }

  /** The value of {@code alignas(...)}: a power of two, or empty (a type, or what cannot be evaluated). */
  private Optional<Long> alignment(Expr e, Env env) {
    if (e instanceof Expr.Unknown) {
      return Optional.empty();
    }
    OptionalLong v = constants.evaluate(e, env);
    return v.isPresent() && v.getAsLong() > 0 && Long.bitCount(v.getAsLong()) == 1 ? Optional.of(v.getAsLong())
        : Optional.empty();
  }

  static long roundUp(long value, long align) {
    return (value + align - 1) / align * align;
  }
}
