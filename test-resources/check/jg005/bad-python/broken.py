module.plan(1, 2)
x = "never closed  # expected-error {{unterminated string literal}}
module.plan(1, 2, 3)  # expected-error {{'plan' is called with 3 arguments}}
y = """also never closed  # expected-error {{unterminated triple-quoted string literal}}
module.plan(1)
