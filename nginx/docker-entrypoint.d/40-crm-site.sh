#!/bin/sh
# Runs in the nginx image before nginx starts: picks the site configuration for TLS_MODE and keeps
# certificates fresh without a restart.
#   TLS_MODE=off          plain HTTP on port 80 (first run, or behind another proxy that terminates TLS)
#   TLS_MODE=letsencrypt  HTTPS with a certificate issued and renewed by the certbot service (webroot)
#   TLS_MODE=files        HTTPS with your own fullchain.pem and privkey.pem mounted in /etc/nginx/certs
set -eu

mode="${TLS_MODE:-off}"
# The directories are overridable only so the tests can run this script outside the image.
conf="${CRM_NGINX_DIR:-/etc/nginx}"
letsencrypt="${CRM_LETSENCRYPT_DIR:-/etc/letsencrypt}"
site="$conf/conf.d/default.conf"
selfsigned="$conf/selfsigned"
export CRM_SERVER_NAME="${DOMAIN:-_}"
export CRM_MAX_BODY_SIZE="${MAX_BODY_SIZE:-50m}"
export CRM_S3_BUCKET="${S3_BUCKET:-renovation-crm}"
case "$CRM_S3_BUCKET" in
  admin|app|api|telegram|.well-known) echo "crm: S3_BUCKET must not be $CRM_S3_BUCKET (that path belongs to the CRM)" >&2; exit 1 ;;
esac
export CRM_TLS_CERT="" CRM_TLS_KEY=""

case "$mode" in
  off)
    template=$conf/crm/crm-http.conf.template
    ;;
  letsencrypt)
    [ -n "${DOMAIN:-}" ] || { echo "crm: TLS_MODE=letsencrypt needs DOMAIN" >&2; exit 1; }
    template=$conf/crm/crm-tls.conf.template
    live="$letsencrypt/live/$DOMAIN"
    if [ -s "$live/fullchain.pem" ] && [ -s "$live/privkey.pem" ]; then
      CRM_TLS_CERT="$live/fullchain.pem"; CRM_TLS_KEY="$live/privkey.pem"
    else
      # nginx must answer the ACME challenge on port 80 before a certificate exists: start with a
      # temporary self-signed one and switch as soon as certbot has written the real one.
      echo "crm: no certificate for $DOMAIN yet; serving a temporary self-signed one until certbot gets it"
      mkdir -p "$selfsigned"
      openssl req -x509 -nodes -newkey rsa:2048 -days 7 -subj "/CN=$DOMAIN" \
        -keyout "$selfsigned/privkey.pem" -out "$selfsigned/fullchain.pem" >/dev/null 2>&1
      CRM_TLS_CERT="$selfsigned/fullchain.pem"; CRM_TLS_KEY="$selfsigned/privkey.pem"
    fi
    ;;
  files)
    template=$conf/crm/crm-tls.conf.template
    CRM_TLS_CERT="$conf/certs/fullchain.pem"; CRM_TLS_KEY="$conf/certs/privkey.pem"
    for f in "$CRM_TLS_CERT" "$CRM_TLS_KEY"; do
      [ -s "$f" ] || { echo "crm: TLS_MODE=files needs $f (mount your certificate directory at /etc/nginx/certs)" >&2; exit 1; }
    done
    ;;
  *)
    echo "crm: TLS_MODE must be off, letsencrypt or files (got '$mode')" >&2; exit 1
    ;;
esac

envsubst '${CRM_SERVER_NAME} ${CRM_TLS_CERT} ${CRM_TLS_KEY} ${CRM_MAX_BODY_SIZE} ${CRM_S3_BUCKET}' < "$template" > "$site"
echo "crm: site configured for TLS_MODE=$mode, server_name $CRM_SERVER_NAME"

if [ "$mode" != off ] && [ -z "${CRM_NO_WATCH:-}" ]; then
  (
    set +e
    ticks=0
    while :; do
      sleep 300
      ticks=$((ticks + 1))
      if [ "$mode" = letsencrypt ] && grep -q "$selfsigned" "$site" && [ -s "$live/fullchain.pem" ]; then
        sed -i "s|$selfsigned/fullchain.pem|$live/fullchain.pem|; s|$selfsigned/privkey.pem|$live/privkey.pem|" "$site"
        nginx -s reload && echo "crm: switched to the Let's Encrypt certificate for $DOMAIN"
      elif [ $((ticks % 144)) -eq 0 ]; then
        # Every 12 hours: pick up renewed certificates.
        nginx -s reload
      fi
    done
  ) &
fi
