#!/usr/bin/env bash
# campaign-tick on Google Cloud Run, ticked every minute by Cloud Scheduler.
#   PROJECT=... REGION=europe-west1 DB_URL=jdbc:postgresql://... infra/gcp/deploy.sh
# Secrets live in Secret Manager (campaign-tick-cron-secret, -admin-token, -webhook-secret,
# -db-user, -db-password); Cloud Run reads them at start, Cloud Scheduler resolves the cron
# secret here, once, into the job's header (rotate: see README, "Rotating the cron secret").
# Run again to deploy a new build: the service gets a new revision, the job is updated.
set -euo pipefail
: "${PROJECT:?}" "${REGION:?}" "${DB_URL:?}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/campaign-tick/campaign-tick:$(git rev-parse --short HEAD)"

./mvnw -B package -DskipTests
gcloud builds submit --project "$PROJECT" --tag "$IMAGE" \
  --config /dev/stdin . <<CLOUDBUILD
steps:
  - name: gcr.io/cloud-builders/docker
    args: [build, -f, src/main/docker/Dockerfile.jvm, -t, "$IMAGE", .]
images: ["$IMAGE"]
CLOUDBUILD

# The address the call provider sends call events to (the function refuses CALL_PROVIDER=http
# with PUBLIC_URL left on localhost): the service's URL, known once it exists.
URL=$(gcloud run services describe campaign-tick --project "$PROJECT" --region "$REGION" \
  --format 'value(status.url)' 2>/dev/null || true)

# Reachable without a Google identity, like the Lambda's Function URL: the call provider's
# events (/api/calls/events), the admin API and the dashboard come from outside Google, and every
# route checks its own credential (cron secret, admin token, webhook signature).
gcloud run deploy campaign-tick --project "$PROJECT" --region "$REGION" --image "$IMAGE" \
  --allow-unauthenticated --timeout 30 --concurrency 20 --min-instances 0 \
  --update-env-vars "QUARKUS_DATASOURCE_JDBC_URL=${DB_URL}${URL:+,PUBLIC_URL=${URL}}" \
  --set-secrets "CRON_SECRET=campaign-tick-cron-secret:latest,ADMIN_TOKEN=campaign-tick-admin-token:latest,WEBHOOK_SECRET=campaign-tick-webhook-secret:latest,QUARKUS_DATASOURCE_USERNAME=campaign-tick-db-user:latest,QUARKUS_DATASOURCE_PASSWORD=campaign-tick-db-password:latest"
if [ -z "$URL" ]; then # the first deploy: now the URL exists
  URL=$(gcloud run services describe campaign-tick --project "$PROJECT" --region "$REGION" \
    --format 'value(status.url)')
  gcloud run services update campaign-tick --project "$PROJECT" --region "$REGION" \
    --update-env-vars "PUBLIC_URL=${URL}"
fi

SECRET=$(gcloud secrets versions access latest --project "$PROJECT" \
  --secret campaign-tick-cron-secret)
job=(--project "$PROJECT" --location "$REGION"
  --schedule "* * * * *" --uri "${URL}/api/scheduler/tick?summary=true" --http-method POST
  --attempt-deadline 30s --max-retry-attempts 0)
if gcloud scheduler jobs describe campaign-tick --project "$PROJECT" --location "$REGION" \
  >/dev/null 2>&1; then
  gcloud scheduler jobs update http campaign-tick "${job[@]}" \
    --update-headers "X-Cron-Secret=${SECRET%%,*}"
else
  gcloud scheduler jobs create http campaign-tick "${job[@]}" \
    --headers "X-Cron-Secret=${SECRET%%,*}"
fi
echo "deployed: ${URL}  health: ${URL}/api/scheduler/health (admin token)"
