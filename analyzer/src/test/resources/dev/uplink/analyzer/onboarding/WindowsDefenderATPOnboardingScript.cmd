@echo off
echo This script is for onboarding machines to the Microsoft Defender for Endpoint services (fixture).
REM made-up identifiers
:SCRIPT_START
REG add "HKLM\SOFTWARE\Policies\Microsoft\Windows Advanced Threat Protection" /v OnboardingInfo /t REG_SZ /f /d "{\"body\":\"{\\\"previousOrgIds\\\":[],\\\"orgId\\\":\\\"b95fa7c7-953e-4398-a82a-bc75a84711be\\\",\\\"geoLocationUrl\\\":\\\"https://winatp-gw-neu.microsoft.com/\\\",\\\"datacenter\\\":\\\"NorthEurope\\\",\\\"vortexGeoLocation\\\":\\\"EU\\\",\\\"version\\\":\\\"1.35\\\"}\",\"sig\":\"c2lnbmF0dXJlLW5vdC1yZWFsLWZpeHR1cmUtb25seQ==SECRETSIG\",\"sha256sig\":\"c2lnbmF0dXJlLW5vdC1yZWFsLWZpeHR1cmUtb25seQ==SECRETSIG\",\"cert\":\"MIIFakeCertificateSECRETCERT\",\"chain\":[\"MIIFakeChainSECRETCHAIN\"]}" > %TMP%\senseTmp.txt 2>&1
if %ERRORLEVEL% NEQ 0 (
   set "errorDescription=Unable to write onboarding information to registry."
   GOTO ERROR
)
GOTO SUCCEEDED
:ERROR
exit /b 1
:SUCCEEDED
exit /b 0
