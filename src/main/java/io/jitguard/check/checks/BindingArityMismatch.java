package io.jitguard.check.checks;

import io.jitguard.bindings.Bindings;
import io.jitguard.bindings.FunctionArity;
import io.jitguard.bindings.PyCall;
import io.jitguard.bindings.Registration;
import io.jitguard.check.Check;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JG005: a Python call passes a number of arguments that a registration it can reach does not take.
 * Every registration of the name counts, since which extension module a call reaches may be picked
 * at run time (the incident: {@code plan} called with 11 arguments, the Hopper module registering a
 * 9-parameter function, the pre-Hopper one an 11-parameter one). A call with {@code *args} or
 * {@code **kwargs} has no known count and is left alone.
 */
@CheckInfo(id = "JG005", name = "binding-arity-mismatch",
    summary = "A Python call passes a number of arguments that a C++ registration it can reach does not take",
    explanation = "A Python call of a name that a C++ extension registers (TORCH_LIBRARY, TORCH_LIBRARY_FRAGMENT, "
        + "TORCH_LIBRARY_IMPL or PYBIND11_MODULE: m.def or m.impl) passes a number of arguments that one of the "
        + "registrations of that name does not take. No compiler sees it: the call is Python, the registration C++, "
        + "and it fails at the first call, on the machines whose extension module is the one that differs (a "
        + "backend picked by the GPU at run time). Pass what every registration takes, or give them the same "
        + "parameters.",
    severity = Severity.ERROR)
public final class BindingArityMismatch implements Check {
  @Override
  public List<Finding.Draft> bindings(Bindings facts) {
    List<Finding.Draft> out = new ArrayList<>();
    for (PyCall call : facts.calls()) {
      if (call.unpacked()) {
        continue;
      }
      List<Registration> reachable = facts.reachableFrom(call);
      int n = call.argCount();
      for (Registration r : reachable) {
        Optional<int[]> arity = facts.arity(r);
        if (arity.isEmpty() || (arity.get()[0] <= n && n <= arity.get()[1])) {
          continue;
        }
        String takes = takes(arity.get());
        String fn = r.function().map(f -> " (" + f + ")").orElse("");
        Finding.Draft d = Finding.Draft.of(call.at(), "'" + call.name() + "' is called with " + n + " argument"
            + (n == 1 ? "" : "s") + ", but its registration in " + r.at().fileName() + fn + " takes " + takes)
            .withNote(r.at(), "'" + r.name() + "' registered here (" + r.block() + ", " + r.method() + ")");
        Optional<FunctionArity> decl = facts.declaration(r);
        if (decl.isPresent() && r.schema().isEmpty()) {
          d = d.withNote(decl.get().at(), "'" + decl.get().name() + "' declared here with " + decl.get().params()
              + " parameter" + (decl.get().params() == 1 ? "" : "s"));
        }
        for (Registration other : reachable) {
          Optional<int[]> a = facts.arity(other);
          if (other != r && a.isPresent() && a.get()[0] <= n && n <= a.get()[1]) {
            d = d.withNote(other.at(), "this registration of '" + other.name() + "' takes " + takes(a.get())
                + "; which one a call reaches can be picked at run time");
          }
        }
        out.add(d.withFix("pass the arguments every registration of '" + call.name() + "' takes, or give "
            + r.function().orElse("the registered function") + " the parameters the caller passes"));
      }
    }
    return out;
  }

  private static String takes(int[] a) {
    return a[0] == a[1] ? a[0] + "" : a[0] + " to " + a[1];
  }
}
