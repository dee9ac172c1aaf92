from tests.authz.table import SIGNED_IN

RULES = {
    "bank.index": SIGNED_IN,
    "bank.show": SIGNED_IN,
}
