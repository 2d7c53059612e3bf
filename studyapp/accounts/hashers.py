"""
The password hasher: Argon2id with a cost chosen for a 2-core server that must let a class of 50
sign in at the start of a lesson (docs/security.md, "Password hashing").

Django's own Argon2 parameters (100 MiB, 2 passes, 8 lanes) spread one hash over 8 threads:
on two cores that only makes the two gunicorn workers' hashes fight for the same cores. One
lane and 46 MiB with 2 passes costs about 65 ms of one core here, so two sync workers check
about 30 passwords a second and a class of 50 signs in within the 5-second target with time to
spare for the pages around it. 46 MiB is OWASP's single-pass recommendation for Argon2id; the
second pass doubles the attacker's work per guess again. Each worker holds the memory only while
it hashes: production's default of (2 x cores) + 1 workers, five on two cores, holds about
230 MiB when all five check a password at once (docs/deploy.md, "How many workers").

The algorithm name stays Django's "argon2", so hashes made with other parameters still verify,
and Django re-hashes them with these at their owner's next sign-in (must_update), as it does
PBKDF2 hashes.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class ClassroomArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 46 * 1024  # KiB
    parallelism = 1
