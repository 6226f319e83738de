#!/usr/bin/env bash
# campaign-tick on Google Cloud Run, ticked every minute by Cloud Scheduler.
#   PROJECT=... REGION=europe-west1 DB_URL=jdbc:postgresql://... infra/gcp/deploy.sh
# Secrets live in Secret Manager (campaign-tick-cron-secret, -admin-token, -webhook-secret,
# -db-user, -db-password; create them first); Cloud Run reads them at start, Cloud Scheduler
# resolves the cron secret here, once, into the job's header (rotate: see README, "Rotating the
# cron secret").
# Run again to deploy a new build: the service gets a new revision, the job is updated.
set -euo pipefail
: "${PROJECT:?}" "${REGION:?}" "${DB_URL:?}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/campaign-tick/campaign-tick:$(git rev-parse --short HEAD)"

# What a new project lacks, made idempotently: the APIs, the image repository, and read access
# to the secrets for the service's identity (the project's default compute service account).
gcloud services enable run.googleapis.com cloudbuild.googleapis.com \
  artifactregistry.googleapis.com cloudscheduler.googleapis.com secretmanager.googleapis.com \
  --project "$PROJECT"
gcloud artifacts repositories describe campaign-tick --project "$PROJECT" --location "$REGION" \
  >/dev/null 2>&1 ||
  gcloud artifacts repositories create campaign-tick --project "$PROJECT" --location "$REGION" \
    --repository-format docker
RUNTIME_SA="$(gcloud projects describe "$PROJECT" --format 'value(projectNumber)')-compute@developer.gserviceaccount.com"
for secret in cron-secret admin-token webhook-secret db-user db-password; do
  gcloud secrets add-iam-policy-binding "campaign-tick-${secret}" --project "$PROJECT" \
    --member "serviceAccount:${RUNTIME_SA}" --role roles/secretmanager.secretAccessor >/dev/null
done

# The image, built by Cloud Build from the packaged app (.gcloudignore uploads only what
# Dockerfile.jvm reads; --tag would want a Dockerfile at the top, so a build config names it).
./mvnw -B package -DskipTests
build_config=$(mktemp)
trap 'rm -f "$build_config"' EXIT
cat > "$build_config" <<CLOUDBUILD
steps:
  - name: gcr.io/cloud-builders/docker
    args: [build, -f, src/main/docker/Dockerfile.jvm, -t, "$IMAGE", .]
images: ["$IMAGE"]
CLOUDBUILD
gcloud builds submit --project "$PROJECT" --config "$build_config" .

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
