#!/usr/bin/python
# Fixture in the shape of the vendor's Linux onboarding script (made-up identifiers).
import os
import sys
import subprocess

try:
    destfile = '/etc/opt/microsoft/mdatp/mdatp_onboard.json'

    if os.geteuid() != 0:
        print('Re-running as sudo (you may be required to enter sudo''s password)')
        os.execvp('sudo', ['sudo', 'python'] + sys.argv)  # final version

    print('Generating %s ...' % destfile)

    cmd = "sudo mkdir -p '%s'" % (os.path.dirname(destfile))
    subprocess.check_call(cmd, shell = True)

    with open(destfile, "w") as json:
        json.write('''{
  "onboardingInfo": "{\\"body\\":\\"{\\\\\\"previousOrgIds\\\\\\":[],\\\\\\"orgId\\\\\\":\\\\\\"70737176-2fa7-4101-a5f2-d8e5f88179c4\\\\\\",\\\\\\"geoLocationUrl\\\\\\":\\\\\\"https://edr-eus3.us.endpoint.security.microsoft.com/edr/\\\\\\",\\\\\\"datacenter\\\\\\":\\\\\\"EastUs3\\\\\\",\\\\\\"vortexGeoLocation\\\\\\":\\\\\\"US\\\\\\",\\\\\\"vortexServerUrl\\\\\\":\\\\\\"https://us-v20.events.endpoint.security.microsoft.com/OneCollector/1.0\\\\\\",\\\\\\"vortexTicketUrl\\\\\\":\\\\\\"https://events.data.microsoft.com\\\\\\",\\\\\\"partnerGeoLocation\\\\\\":\\\\\\"GW_US\\\\\\",\\\\\\"version\\\\\\":\\\\\\"2.06\\\\\\",\\\\\\"deviceType\\\\\\":\\\\\\"Server\\\\\\",\\\\\\"packageGuid\\\\\\":\\\\\\"e74d01a1-72ba-4cb6-af79-8bdb549ad9e3\\\\\\"}\\",\\"sig\\":\\"c2lnbmF0dXJlLW5vdC1yZWFsLWZpeHR1cmUtb25seQ==SECRETSIG\\",\\"sha256sig\\":\\"c2lnbmF0dXJlLW5vdC1yZWFsLWZpeHR1cmUtb25seQ==SECRETSIG\\",\\"cert\\":\\"MIIFakeCertificateSECRETCERT\\",\\"chain\\":[\\"MIIFakeChainSECRETCHAIN\\"]}"
}''')
except Exception as e:
    print(str(e))
    sys.exit(1)
