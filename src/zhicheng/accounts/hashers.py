"""The password hasher: Argon2id at OWASP's recommended cost, about 100 ms of a login instead of Django's 0.6 s.

Django's ``Argon2PasswordHasher`` uses 100 MiB, two passes and eight lanes (``m=102400,t=2,p=8``): on this
project's 2-core machines a login took 0.6-1.4 s of wall time (about 250 ms of CPU on eight threads, so it also
held both cores). The OWASP Password Storage Cheat Sheet asks for Argon2id with at least 19 MiB, two passes and one
lane, and lists equivalent settings that trade memory for passes; this class takes its first one, 46 MiB, one
pass, one lane (``m=47104,t=1,p=1``): about 60 ms of CPU on one core here (figures and the command in
docs/deploy.md, "Password hashing"). One lane keeps a login on one core, so other requests keep the other.

The algorithm name stays ``argon2``: hashes made with Django's parameters still verify, and Django re-hashes a
password with these parameters the next time its owner logs in (``must_update``).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

# OWASP's Argon2id settings (memory in KiB, passes, lanes), each as strong as the others.
OWASP_ARGON2ID = ((47104, 1, 1), (19456, 2, 1), (12288, 3, 1), (9216, 4, 1), (7168, 5, 1))


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 47104  # KiB (46 MiB)
    time_cost = 1
    parallelism = 1
