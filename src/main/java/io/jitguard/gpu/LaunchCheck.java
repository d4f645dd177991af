package io.jitguard.gpu;

import io.jitguard.cpp.sema.KernelSignature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Checks a launch's arguments against the kernel's signature before anything reaches the driver:
 * their number, each scalar's type, the element type of each buffer passed to a pointer, and the size
 * and name of each class passed by value. A refused launch names the kernel, the argument, both types
 * and the parameter.
 */
public final class LaunchCheck {
  /** C++ types that are one type to a launch: the same size and signedness under LP64. */
  private static final List<Set<String>> SAME_SCALAR = List.of(Set.of("long", "long long", "long int",
      "long long int"), Set.of("unsigned long", "unsigned long long", "unsigned long int", "unsigned long long int"),
      Set.of("unsigned int", "unsigned"));

  /** A launch whose arguments do not fit the kernel's parameters. */
  public static final class LaunchArgumentException extends IllegalArgumentException {
    LaunchArgumentException(String message) {
      super(message);
    }
  }

  private LaunchCheck() {}

  /**
   * The parameter bytes to launch with.
   *
   * @throws LaunchArgumentException when an argument does not fit its parameter, or the signature is
   *     not complete enough to check against
   */
  public static List<byte[]> check(KernelSignature sig, List<KernelArg> args) {
    List<KernelSignature.Param> params = sig.params();
    if (args.size() != params.size()) {
      String detail;
      if (args.size() < params.size()) {
        KernelSignature.Param first = params.get(args.size());
        int more = params.size() - args.size() - 1;
        detail = "missing '" + first.name() + "' ('" + first.type() + "')" + (more == 0 ? "" : " and " + more + " more");
      } else {
        detail = (args.size() - params.size()) + " too many";
      }
      throw new LaunchArgumentException("cannot launch '" + sig.entry() + "': it takes " + params.size() + " argument" + plural(params.size())
          + ", " + args.size() + (args.size() == 1 ? " was" : " were") + " given (" + detail + "); its parameters: "
          + sig.describeParams());
    }
    // the messages are built only for a refusal: a timed loop of small launches checks every time
    List<byte[]> out = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      KernelSignature.Param p = params.get(i);
      KernelArg a = args.get(i);
      switch (p.kind()) {
        case UNKNOWN -> throw new LaunchArgumentException(at(sig, i) + "jitguard could not work out the type of "
            + "parameter '" + p.name() + "' ('" + p.type() + "'), so the launch cannot be checked");
        case POINTER -> {
          if (!(a instanceof KernelArg.Buffer b)) {
            throw new LaunchArgumentException(refused(sig, i, a, p) + " (a pointer takes a DeviceBuffer)");
          }
          String pointee = p.pointee().orElse("");
          if (!pointee.equals("void") && !pointee.equals(b.buffer().element().cxxType())) {
            throw new LaunchArgumentException(refused(sig, i, a, p));
          }
        }
        case SCALAR -> {
          if (!(a instanceof KernelArg.Scalar s) || !sameScalar(s.cxxType(), p.type())
              || s.bytes().length != p.size()) {
            throw new LaunchArgumentException(refused(sig, i, a, p));
          }
        }
        case RECORD -> {
          if (!(a instanceof KernelArg.Bytes r) || !sameClass(r.typeName(), p.type())) {
            throw new LaunchArgumentException(refused(sig, i, a, p));
          }
          if (r.bytes().length != p.size()) {
            throw new LaunchArgumentException(refused(sig, i, a, p) + ": the kernel's '" + p.type() + "' is "
                + p.size() + " bytes");
          }
        }
        default -> throw new IllegalStateException(p.kind().toString());
      }
      out.add(a.encode());
    }
    return Collections.unmodifiableList(out);
  }

  private static String at(KernelSignature sig, int i) {
    return "cannot launch '" + sig.entry() + "': argument " + (i + 1) + ": ";
  }

  private static String refused(KernelSignature sig, int i, KernelArg a, KernelSignature.Param p) {
    return at(sig, i) + "passing " + a.describe() + " to parameter '" + p.name() + "' of type '" + p.type() + "'";
  }

  private static boolean sameScalar(String given, String param) {
    return given.equals(param) || SAME_SCALAR.stream().anyMatch(s -> s.contains(given) && s.contains(param));
  }

  /** {@code MLAParams} or {@code ns::MLAParams} for {@code MLAParams<__nv_bfloat16, ...>}. */
  private static boolean sameClass(String given, String param) {
    String simple = given.substring(given.lastIndexOf(':') + 1);
    int angle = param.indexOf('<');
    String paramName = angle < 0 ? param : param.substring(0, angle);
    String paramSimple = paramName.substring(paramName.lastIndexOf(':') + 1);
    return given.equals(param) || simple.equals(paramSimple);
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }
}
