from tests.authz.table import OWN_A, PUBLIC, SIGNED_IN, row

RULES = {
    "accounts.index": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.register": PUBLIC,
    # Signing out always lands on the sign-in page.
    "accounts.logout": row(*["login"] * 6),
    "accounts.sign_out_everywhere": row(*["login"] * 6),
    "accounts.tokens": SIGNED_IN,
    "accounts.revoke_token": OWN_A,
    "accounts.change_password": SIGNED_IN,
    "accounts.profile": SIGNED_IN,
    "accounts.forgot_password": PUBLIC,
    # The matrix tries a code that is no reset token: "not valid" for everyone.
    "accounts.reset_password": row(*["404"] * 6),
    "home.dashboard": SIGNED_IN,
}
