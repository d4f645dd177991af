import torch
import ext_module as module

x = torch.ones(4)
torch.ops.myops.scale(x)  # expected-error {{'scale' is called with 1 argument, but its registration in}}
torch.ops.myops.scale(x, 2.0)
torch.ops.myops.scale.default(x, 2.0, 3)  # expected-error {{'scale' is called with 3 arguments}}
torch.ops.myops.scale(x, factor=2.0)
torch.ops.other.scale(x)  # another namespace: not myops' registration
torch.ops.myops.add(x, x)
torch.ops.myops.add(x, x, alpha=0.5)
torch.ops.myops.add(x)  # expected-error {{'add' is called with 1 argument, but its registration in test-resources/check/jg005/forms/ops.cu takes 2 to 3}}
torch.ops.myops.fill(x)  # expected-error {{'fill' is called with 1 argument}}
torch.ops.myops.nested(x, x, x)
torch.ops.myops.nested(x, x)  # expected-error {{'nested' is called with 2 arguments}}
torch.ops.myops.twice(1)  # overloads that disagree: the count cannot be told
torch.ops.some_extension.solo(x, x)  # expected-error {{'solo' is called with 2 arguments}}
torch.ops.some_extension.solo(x)

module.norm(x)
module.norm(x, eps=1e-5)
module.norm(x, 1e-5, 3)  # expected-error {{'norm' is called with 3 arguments, but its registration in test-resources/check/jg005/forms/ops.cu (norm) takes 1 to 2}}
module.norm(*[x, 1e-5, 3])
module.norm(x, **{"eps": 1.0, "z": 2})
module.norm(lambda a, b: a + b, 2)
module.norm(y for y in [x])
module.norm(x,)
module.norm(x == x)
module.norm(
    x,  # a comment (with a paren
    1e-5,
)
module.lam(1, 2, 3)  # a lambda: its parameters are not counted

# look-alikes, none of them a call of a registration:
# module.norm(1, 2, 3)
s = "module.norm(1, 2, 3)"
t = """
module.norm(1, 2, 3)
"""
r = rb'module.norm(1, 2, 3)\'' + f"{x!r:>{10}}"


class Net:
    def norm(self, a, b, c):
        return self.norm(a, b, c, 4)


def scale(a, b, c):
    return helpers.norm(1, 2, 3)
