from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from studyapp.lti import configuration


def _default_base_url():
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in {"*", ""}]
    return f"https://{hosts[0].lstrip('.')}" if hosts else "https://example.org"


class Command(BaseCommand):
    help = (
        "Register an LMS (an LTI 1.3 platform) and print the addresses to paste into it "
        "(docs/lti.md): `ltiplatform add NAME --issuer ... --client-id ... --auth-url ... "
        "--token-url ... --keyset-url ... --deployment ID`, `ltiplatform list`, `ltiplatform urls`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=_default_base_url(),
            help="Where the app is served, e.g. https://study.example.edu (default: the first "
            "of DJANGO_ALLOWED_HOSTS over HTTPS).",
        )
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser(
            "add", help="register a platform, or update one by issuer and client id"
        )
        add.add_argument("name")
        add.add_argument("--issuer", required=True, help="the platform's issuer (iss)")
        add.add_argument(
            "--client-id", required=True, help="the client id the platform gave the tool"
        )
        add.add_argument("--auth-url", required=True, help="the platform's OIDC authorisation URL")
        add.add_argument(
            "--token-url", required=True, help="the platform's OAuth2 access token URL"
        )
        add.add_argument(
            "--keyset-url", required=True, help="the platform's public keyset (JWKS) URL"
        )
        add.add_argument(
            "--audience", default="", help="the token endpoint's audience, if not its URL"
        )
        add.add_argument(
            "--deployment",
            action="append",
            default=[],
            help="a deployment id to accept (repeat for several); others wait for the admin",
        )
        actions.add_parser("list", help="the registered platforms and their deployments")
        actions.add_parser("urls", help="the tool's addresses to paste into an LMS")

    def handle(self, *args, action, base_url, **options):
        if action == "add":
            self._add(options)
        elif action == "list":
            self._list()
        self._urls(base_url)

    def _add(self, options):
        field_names = {
            "issuer": "issuer",
            "client_id": "client_id",
            "auth_url": "auth_url",
            "token_url": "token_url",
            "keyset_url": "keyset_url",
            "audience": "audience",
        }
        fields = {field: options[option] for option, field in field_names.items()}
        with transaction.atomic():
            registration = LtiRegistration.objects.filter(
                issuer=fields["issuer"], client_id=fields["client_id"]
            ).first() or LtiRegistration(issuer=fields["issuer"], client_id=fields["client_id"])
            registration.name = options["name"]
            for field, value in fields.items():
                setattr(registration, field, value)
            registration.is_active = True
            try:
                registration.full_clean(validate_unique=False)
            except ValidationError as error:
                problems = "; ".join(
                    f"--{field.replace('_', '-')}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
                raise CommandError(problems) from None
            registration.save()
            for deployment_id in options["deployment"]:
                LtiDeployment.objects.update_or_create(
                    registration=registration,
                    deployment_id=deployment_id,
                    defaults={"is_active": True},
                )
            if not Key.objects.active().exists():
                Key.objects.generate()
                self.stdout.write("Generated the tool's RSA key (rotate it with `rotate_keys`).")
        self.stdout.write(f"Registered {registration.name} ({registration.issuer}).")

    def _list(self):
        for registration in LtiRegistration.objects.prefetch_related("deployments"):
            state = "active" if registration.is_active else "inactive"
            self.stdout.write(
                f"{registration.name}: issuer {registration.issuer}, client id "
                f"{registration.client_id} ({state})"
            )
            for deployment in registration.deployments.all():
                on = "on" if deployment.is_active else "off (activate it in the admin)"
                self.stdout.write(f"  deployment {deployment.deployment_id}: {on}")

    def _urls(self, base_url):
        self.stdout.write("Paste these into the LMS:")
        for name, url in configuration.tool_urls(base_url).items():
            self.stdout.write(f"  {name}: {url}")
