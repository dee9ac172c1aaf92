from tests.authz.table import PUBLIC, SIGNED_IN

RULES = {
    "bank.index": SIGNED_IN,
    "bank.show": SIGNED_IN,
    "bank.bookmark": SIGNED_IN,
    "bank.overview": PUBLIC,
}
