#!/bin/sh
# Entry point of the certbot service: obtains the certificate for DOMAIN through the webroot nginx
# serves at /.well-known/acme-challenge/, then renews it twice a day. nginx picks the files up itself.
set -u

if [ "${TLS_MODE:-off}" != letsencrypt ]; then
  echo "certbot: TLS_MODE is '${TLS_MODE:-off}', not letsencrypt; nothing to do"
  while :; do sleep 86400; done
fi
[ -n "${DOMAIN:-}" ] || { echo "certbot: DOMAIN is not set" >&2; exit 1; }

if [ -n "${LETSENCRYPT_EMAIL:-}" ]; then account="--email $LETSENCRYPT_EMAIL --no-eff-email"; else account="--register-unsafely-without-email"; fi
staging=""
[ "${LETSENCRYPT_STAGING:-0}" = 1 ] && staging="--staging"

# shellcheck disable=SC2086
until certbot certonly --webroot -w /var/www/certbot -d "$DOMAIN" $account $staging \
  --agree-tos --non-interactive --keep-until-expiring; do
  echo "certbot: could not get a certificate yet (is $DOMAIN pointing at this server, port 80 open?); retrying in 10 minutes"
  sleep 600
done

while :; do
  sleep 43200
  certbot renew --webroot -w /var/www/certbot --non-interactive --quiet
done
