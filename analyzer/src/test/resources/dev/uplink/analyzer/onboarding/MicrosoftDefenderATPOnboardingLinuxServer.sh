#!/usr/bin/env bash
# Fixture in the shape of the vendor's shell onboarding script (made-up identifiers).
SCRIPT_VERSION="1.1.0"
PAYLOAD_TYPE='mdatp_onboard'
BLOB_PAYLOAD='{
  "onboardingInfo": "{\"body\":\"{\\\"previousOrgIds\\\":[],\\\"orgId\\\":\\\"3f1c8a52-0d6e-4b7a-9c1e-5a2b7d9e0f11\\\",\\\"geoLocationUrl\\\":\\\"https://edr-ukw.uk.endpoint.security.microsoft.com/edr/\\\",\\\"datacenter\\\":\\\"UkWest\\\",\\\"vortexGeoLocation\\\":\\\"UK\\\",\\\"vortexServerUrl\\\":\\\"https://uk-v20.events.endpoint.security.microsoft.com/OneCollector/1.0\\\",\\\"vortexTicketUrl\\\":\\\"https://events.data.microsoft.com\\\",\\\"partnerGeoLocation\\\":\\\"GW_UK\\\",\\\"version\\\":\\\"2.06\\\",\\\"deviceType\\\":\\\"Client\\\",\\\"packageGuid\\\":\\\"e74d01a1-72ba-4cb6-af79-8bdb549ad9e3\\\"}\",\"sig\":\"c2lnbmF0dXJlLW5vdC1yZWFsLWZpeHR1cmUtb25seQ==SECRETSIG\",\"sha256sig\":\"c2lnbmF0dXJlLW5vdC1yZWFsLWZpeHR1cmUtb25seQ==SECRETSIG\",\"cert\":\"MIIFakeCertificateSECRETCERT\",\"chain\":[\"MIIFakeChainSECRETCHAIN\"]}"
}'
DEST=/etc/opt/microsoft/mdatp/mdatp_onboard.json
mkdir -p "$(dirname "$DEST")" && printf '%s' "$BLOB_PAYLOAD" > "$DEST"
