export default definePageConfig({ navigationBarTitleText: '拍摄证件' });
