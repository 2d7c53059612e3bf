"""
A test LMS: what Moodle or Canvas does for an LTI 1.3 tool, on a local HTTP server.

It signs launch and deep-linking id_tokens with its own RSA key (RS256) and serves its JWKS, an
OAuth2 token endpoint that accepts only client-credentials requests signed with the tool's key,
the AGS line item and score endpoints and the NRPS membership endpoint. It records what the tool
sends so tests can check it, and can be told to fail.
"""

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from jwcrypto.jwk import JWK

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR = MEMBERSHIP + "Instructor"
LEARNER = MEMBERSHIP + "Learner"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

COURSE = "course-42"


@dataclass
class Received:
    """What the tool sent the platform."""

    token_requests: list = field(default_factory=list)  # decoded client assertions + form
    scores: list = field(default_factory=list)  # (line item path, score JSON, headers)
    created_lineitems: list = field(default_factory=list)
    lineitem_queries: list = field(default_factory=list)
    jwks_fetches: int = 0


class Platform:
    client_id = "studyapp-tool-client"
    deployment_id = "deployment-1"

    def __init__(self):
        self.key = JWK.generate(kty="RSA", size=2048, kid=f"platform-{uuid.uuid4().hex[:8]}")
        self.tool_jwks = None  # set by the test from the tool's JWKS endpoint
        self.received = Received()
        self.lineitems = []  # the course's line items (dicts as AGS shows them)
        self.members = []  # NRPS members; split into pages of `page_size`
        self.page_size = 2
        self.fail_with = None  # an HTTP status every AGS/NRPS call answers with
        self.access_tokens = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # What an operator registers -------------------------------------------------------------

    @property
    def auth_url(self):
        return self.url + "/auth"

    @property
    def token_url(self):
        return self.url + "/token"

    @property
    def jwks_url(self):
        return self.url + "/jwks"

    @property
    def lineitems_url(self):
        return f"{self.url}/{COURSE}/lineitems"

    @property
    def memberships_url(self):
        return f"{self.url}/{COURSE}/memberships"

    def rotate_key(self):
        self.key = JWK.generate(kty="RSA", size=2048, kid=f"platform-{uuid.uuid4().hex[:8]}")

    # Signing what a browser carries to the tool ---------------------------------------------

    def sign(self, claims, key=None):
        key = key or self.key
        pem = key.export_to_pem(private_key=True, password=None)
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": key.get("kid")})

    def claims(self, nonce, *, sub="learner-1", roles=(LEARNER,), message="resource", **extra):
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "given_name": "Lee",
            "family_name": sub.title(),
            "name": f"Lee {sub.title()}",
            "email": f"{sub}@school.example",
            LTI + "deployment_id": self.deployment_id,
            LTI + "version": "1.3.0",
            LTI + "roles": list(roles),
            LTI + "context": {"id": COURSE, "label": "ECS101", "title": "Containers on AWS"},
            LTI + "tool_platform": {"guid": "platform-guid", "name": "Test LMS"},
            NRPS_CLAIM: {
                "context_memberships_url": self.memberships_url,
                "service_versions": ["2.0"],
            },
        }
        if message == "resource":
            claims[LTI + "message_type"] = "LtiResourceLinkRequest"
            claims[LTI + "target_link_uri"] = "http://testserver/lti/launch/"
            claims[LTI + "resource_link"] = {"id": "link-1", "title": "Week 1 practice"}
            claims[AGS_CLAIM] = {
                "scope": [SCORE_SCOPE, LINEITEM_SCOPE],
                "lineitems": self.lineitems_url,
            }
        else:
            claims[LTI + "message_type"] = "LtiDeepLinkingRequest"
            claims[LTI + "target_link_uri"] = "http://testserver/lti/launch/"
            claims[DL_SETTINGS] = {
                "deep_link_return_url": f"{self.url}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "platform-opaque-data",
            }
        claims.update(extra)
        return claims

    def new_lineitem(self, resource_link_id, label="Week 1 practice"):
        item = {
            "id": f"{self.lineitems_url}/{len(self.lineitems) + 1}",
            "label": label,
            "scoreMaximum": 100,
            "resourceLinkId": resource_link_id,
        }
        self.lineitems.append(item)
        return item


def _handler(platform):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body=None, content_type="application/json", headers=()):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self):
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorised(self):
            header = self.headers.get("Authorization", "")
            return header.removeprefix("Bearer ") in platform.access_tokens

        def do_GET(self):
            path = urlsplit(self.path)
            if path.path == "/jwks":
                platform.received.jwks_fetches += 1
                return self._send(200, {"keys": [json.loads(platform.key.export_public())]})
            if not self._authorised():
                return self._send(401, {"error": "no token"})
            if platform.fail_with:
                return self._send(platform.fail_with, {"error": "down"})
            if path.path == f"/{COURSE}/lineitems":
                query = parse_qs(path.query)
                platform.received.lineitem_queries.append(query)
                wanted = query.get("resource_link_id", [None])[0]
                items = [
                    item
                    for item in platform.lineitems
                    if wanted is None or item.get("resourceLinkId") == wanted
                ]
                return self._send(200, items)
            if path.path == f"/{COURSE}/memberships":
                page = int(parse_qs(path.query).get("page", ["0"])[0])
                start = page * platform.page_size
                members = platform.members[start : start + platform.page_size]
                headers = []
                if start + platform.page_size < len(platform.members):
                    next_url = f"{platform.memberships_url}?page={page + 1}"
                    headers.append(("Link", f'<{next_url}>; rel="next"'))
                body = {"id": platform.memberships_url, "context": {"id": COURSE}}
                body["members"] = members
                return self._send(200, body, headers=headers)
            return self._send(404, {"error": "no such path"})

        def do_POST(self):
            path = urlsplit(self.path).path
            body = self._body()
            if path == "/token":
                return self._token(parse_qs(body.decode()))
            if not self._authorised():
                return self._send(401, {"error": "no token"})
            if platform.fail_with:
                return self._send(platform.fail_with, {"error": "down"})
            if path == f"/{COURSE}/lineitems":
                item = json.loads(body)
                platform.received.created_lineitems.append((item, self.headers.get("Content-Type")))
                created = platform.new_lineitem(item.get("resourceLinkId"), item.get("label"))
                created.update(item, id=created["id"])
                return self._send(201, created)
            if re.fullmatch(rf"/{COURSE}/lineitems/\d+/scores", path):
                platform.received.scores.append(
                    (path, json.loads(body), dict(self.headers.items()))
                )
                return self._send(200, {})
            return self._send(404, {"error": "no such path"})

        def _token(self, form):
            assertion = form.get("client_assertion", [""])[0]
            header = jwt.get_unverified_header(assertion)
            keys = {key["kid"]: key for key in (platform.tool_jwks or {"keys": []})["keys"]}
            if header.get("kid") not in keys:
                return self._send(401, {"error": "invalid_client"})
            public_pem = JWK(**keys[header["kid"]]).export_to_pem()
            try:
                claims = jwt.decode(
                    assertion, public_pem, algorithms=["RS256"], audience=platform.token_url
                )
            except jwt.InvalidTokenError as error:
                return self._send(401, {"error": "invalid_client", "detail": str(error)})
            platform.received.token_requests.append({"claims": claims, "form": form})
            token = uuid.uuid4().hex
            platform.access_tokens.add(token)
            scope = form.get("scope", [""])[0]
            return self._send(
                200,
                {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": scope},
            )

    return Handler
