#!/usr/bin/env bash
# campaign-tick on Google Cloud Run, ticked every minute by Cloud Scheduler.
#   PROJECT=... REGION=europe-west1 DB_URL=jdbc:postgresql://... infra/gcp/deploy.sh
# Secrets live in Secret Manager (campaign-tick-cron-secret, -admin-token, -webhook-secret,
# -db-user, -db-password); Cloud Run reads them at start, Cloud Scheduler resolves the cron
# secret here, once, into the job's header (rotate: see README, "Rotating the cron secret").
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

gcloud run deploy campaign-tick --project "$PROJECT" --region "$REGION" --image "$IMAGE" \
  --no-allow-unauthenticated --timeout 30 --concurrency 20 --min-instances 0 \
  --set-env-vars "QUARKUS_DATASOURCE_JDBC_URL=${DB_URL}" \
  --set-secrets "CRON_SECRET=campaign-tick-cron-secret:latest,ADMIN_TOKEN=campaign-tick-admin-token:latest,WEBHOOK_SECRET=campaign-tick-webhook-secret:latest,QUARKUS_DATASOURCE_USERNAME=campaign-tick-db-user:latest,QUARKUS_DATASOURCE_PASSWORD=campaign-tick-db-password:latest"

URL=$(gcloud run services describe campaign-tick --project "$PROJECT" --region "$REGION" \
  --format 'value(status.url)')
SECRET=$(gcloud secrets versions access latest --project "$PROJECT" \
  --secret campaign-tick-cron-secret)
gcloud scheduler jobs create http campaign-tick --project "$PROJECT" --location "$REGION" \
  --schedule "* * * * *" --uri "${URL}/api/scheduler/tick?summary=true" --http-method POST \
  --attempt-deadline 30s --max-retry-attempts 0 \
  --headers "X-Cron-Secret=${SECRET%%,*}" \
  --oidc-service-account-email "campaign-tick-scheduler@${PROJECT}.iam.gserviceaccount.com" \
  || echo "scheduler job exists: update it with 'gcloud scheduler jobs update http ...'"
echo "deployed: ${URL}  health: ${URL}/api/scheduler/health (admin token)"
