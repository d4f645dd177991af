package io.jitguard.check.checks;

import io.jitguard.check.Check;
import io.jitguard.check.CheckContext;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.sema.AnalysisEvent;
import io.jitguard.cpp.sema.Type;
import java.util.Optional;

/**
 * JG002: an implicit conversion between pointers to different element types, after aliases and
 * template arguments are substituted. Allowed and silent: added const/volatile, conversion to
 * {@code void *}, derived to base, {@code nullptr} and literal 0, and anything written as a cast.
 * The incident: {@code params.partial_o = GetPtrFromBaseOffset<DTypeO>(...)} after
 * {@code partial_o} became {@code float *}, for every output type but float.
 */
@CheckInfo(id = "JG002", name = "incompatible-pointer-conversion",
    summary = "An implicit conversion between pointers to different element types",
    explanation = "An implicit conversion between pointers to different element types in an initialisation, "
        + "assignment, argument or return, after aliases and template arguments are substituted. It depends on "
        + "the instantiation: the same line compiles for one output type and not for another. Conversions C++ "
        + "allows (added const or volatile, to void *, derived to base, nullptr) and written casts are not reported.",
    severity = Severity.ERROR)
public final class IncompatiblePointerConversion implements Check {
  @Override
  public Optional<Finding.Draft> event(AnalysisEvent event, CheckContext ctx) {
    if (!(event instanceof AnalysisEvent.Conversion c) || !c.to().known() || !c.from().known() || isNullPointerConstant(c.source())) {
      return Optional.empty();
    }
    Type to = c.to().strip();
    Type from = c.from().strip();
    if (from instanceof Type.Array a) {
      from = new Type.Pointer(a.element(), false, false);
    }
    if (!(to instanceof Type.Pointer target) || !(from instanceof Type.Pointer source)) {
      return Optional.empty();
    }
    String targetElement = target.pointee().canonical();
    String sourceElement = source.pointee().canonical();
    if (targetElement.equals(sourceElement) || targetElement.equals("void") || c.mayBeDerivedToBase()) {
      return Optional.empty();
    }
    String toText = Type.describe(c.to());
    String fromText = Type.describe(c.from());
    String message = switch (c.kind()) {
      case ASSIGNMENT -> "assigning to " + toText + " from " + fromText;
      case INITIALIZATION -> "initializing " + toText + " with an expression of type " + fromText;
      case ARGUMENT -> "passing " + fromText + " to parameter of type " + toText;
      case RETURN -> "returning " + fromText + " from a function with result type " + toText;
    };
    Finding.Draft d = Finding.Draft.of(c.at().location(), message);
    if (c.kind() == AnalysisEvent.Conversion.Kind.ARGUMENT && c.param() != null) {
      d = d.withNote(c.param().start().location(), "passing argument " + (c.argIndex() + 1) + " to parameter"
          + (c.param().name() == null ? "" : " '" + c.param().name() + "'") + " of '" + c.callee().name().lastName()
          + "' here");
    }
    d = d.withFix("produce a pointer of the destination's type, '" + target.canonical() + "', or change the destination")
        .withFix("if the bytes really are to be reinterpreted, say so: reinterpret_cast<" + target.canonical() + ">(...)");
    return Optional.of(!c.flow().insideUndecidedConstexpr() ? d : d.undecided("inside an 'if constexpr' branch whose condition the checker "
        + "cannot evaluate"));
  }

  private static boolean isNullPointerConstant(Expr e) {
    return e instanceof Expr.Literal l && (l.kind() == Expr.Literal.Kind.NULLPTR || l.isZero());
  }
}
