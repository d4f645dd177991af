# expected-no-diagnostics
module.plan(1, 2, 3)
module.run.default()
