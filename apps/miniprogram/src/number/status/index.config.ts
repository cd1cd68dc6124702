export default definePageConfig({ navigationBarTitleText: '号码状态' });
