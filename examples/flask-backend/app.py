"""
An example backend in Python: the part a customer's application calls, checking Keycloak
access tokens with Flask and PyJWT. It does what examples/backend/server.ts does:

- the signature, against the realm's published keys (JWKS), RS256 only;
- the issuer: one of the configured realms on the configured Keycloak;
- the audience: `aud` must name the API's client id;
- the route's role, from `resource_access.<api client id>.roles`.

It answers 200 when all hold, 401 for a missing or invalid token (bad signature, expired,
wrong issuer, wrong audience), 403 when the role is missing, and 503 when the realm's keys
cannot be fetched; always with a JSON body.

Configuration (environment variables):
  KEYCLOAK_URL  base URL of Keycloak, with its path if it has one (https://sso.example.com/auth);
                default http://127.0.0.1:8080
  REALM         the realm whose tokens it accepts, or a comma-separated list (default partners)
  AUDIENCE      the API's client id (default orders-api)
  PORT / HOST   where it listens (default 127.0.0.1:3000)
  CA_BUNDLE     a PEM file of the CA(s) that signed Keycloak's certificate (a company CA);
                else REQUESTS_CA_BUNDLE, else SSL_CERT_FILE, else the system's trust store
"""

import os
import ssl

import jwt
from flask import Flask, jsonify, request

ROUTES = {
    ("GET", "/orders"): "orders:read",
    ("POST", "/orders"): "orders:write",
    ("GET", "/invoices"): "invoices:read",
}


def ssl_context(ca_bundle):
    """The TLS trust for fetching the keys: the given CA file only, or the system's defaults."""
    if ca_bundle:
        if not os.path.isfile(ca_bundle):
            raise SystemExit(f"CA bundle {ca_bundle} does not exist (CA_BUNDLE, REQUESTS_CA_BUNDLE or SSL_CERT_FILE)")
        return ssl.create_default_context(cafile=ca_bundle)
    return ssl.create_default_context()


def create_app(keycloak_url, realms, audience, ca_bundle=None, routes=ROUTES):
    """A Flask app accepting tokens issued by `realms` on `keycloak_url` for `audience`."""
    context = ssl_context(ca_bundle)
    base = keycloak_url.rstrip("/")
    # One key set per trusted issuer, cached by PyJWKClient and fetched again for an unknown key id.
    issuers = {
        f"{base}/realms/{realm}": jwt.PyJWKClient(
            f"{base}/realms/{realm}/protocol/openid-connect/certs", ssl_context=context, timeout=10
        )
        for realm in realms
    }
    app = Flask(__name__)

    def reply(status, error, description=None):
        body = {"error": error}
        if description:
            body["error_description"] = description
        response = jsonify(body)
        response.status_code = status
        if status in (401, 403):
            # RFC 6750: tell the client what was wrong with its bearer token.
            response.headers["WWW-Authenticate"] = f'Bearer error="{error}"'
        return response

    def check(method, path):
        needed = routes.get((method, path))
        if needed is None:
            return reply(404, "not_found")
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not header[len("Bearer "):].strip():
            return reply(401, "invalid_token", "no bearer token")
        token = header[len("Bearer "):].strip()
        try:
            # The issuer picks the key set; it is checked again, with the signature, below.
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
            keys = issuers.get(issuer)
            if keys is None:
                return reply(401, "invalid_token", f"iss: not a trusted issuer ({issuer})")
            key = keys.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=audience,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWKClientConnectionError as err:
            return reply(503, "temporarily_unavailable", f"cannot fetch the realm's keys: {err}")
        except jwt.InvalidAudienceError as err:
            return reply(401, "invalid_token", f"aud: {err}")
        except jwt.InvalidIssuerError as err:
            return reply(401, "invalid_token", f"iss: {err}")
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as err:
            return reply(401, "invalid_token", str(err))
        roles = ((claims.get("resource_access") or {}).get(audience) or {}).get("roles") or []
        if needed not in roles:
            return reply(403, "insufficient_scope", f"needs role {needed}")
        return jsonify({"ok": True, "route": f"{method} {path}", "client": claims.get("azp")})

    @app.route("/<path:path>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def any_route(path):
        return check(request.method, "/" + path)

    @app.errorhandler(404)
    @app.errorhandler(405)
    def not_found(_err):
        return reply(404, "not_found")

    return app


def main():
    env = os.environ
    keycloak_url = env.get("KEYCLOAK_URL") or "http://127.0.0.1:8080"
    realms = [r.strip() for r in (env.get("REALM") or "partners").split(",") if r.strip()]
    audience = env.get("AUDIENCE") or "orders-api"
    ca_bundle = env.get("CA_BUNDLE") or env.get("REQUESTS_CA_BUNDLE") or env.get("SSL_CERT_FILE")
    host = env.get("HOST") or "127.0.0.1"
    port = int(env.get("PORT") or "3000")
    app = create_app(keycloak_url, realms, audience, ca_bundle)
    print(f"flask backend on http://{host}:{port} (tokens from {keycloak_url}, realms {', '.join(realms)})", flush=True)
    app.run(host=host, port=port)


if __name__ == "__main__":
    main()
